/**
 * The shapes of an imported row as valibot schemas, one per pair layout plus a question / reference
 * text field and a row id. A problem names the field it is about by its path in the row
 * (`messages[1].content`), in the words the import report shows.
 */
import * as v from 'valibot';
import type { PairFormat } from './importTypes';

/** What a message says where the row's field path goes (filled in by `rowProblem`). */
const AT = '{path}';

type Issue = v.BaseIssue<unknown>;

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'bigint') return 'a number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** `messages[1].content` from an issue's path. */
function pathOf(issue: Issue): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}

/** The first problem of a failed parse, with the field path in its place. */
export function rowProblem(issues: readonly Issue[]): string {
  const [issue] = issues;
  return issue ? issue.message.replaceAll(AT, pathOf(issue)) : 'invalid row';
}

/** A key that is absent is reported by the object that lacks it. */
const missingOr = (message: (issue: Issue) => string) => (issue: Issue) =>
  issue.input === undefined && issue.expected?.startsWith('"')
    ? `missing field "${AT}"`
    : message(issue);

const notString = (issue: Issue) =>
  issue.input === undefined
    ? `missing field "${AT}"`
    : `field "${AT}" must be a string, got ${describeType(issue.input)}`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A non-empty, well-formed string (a lone surrogate would turn into U+FFFD on export). */
const text = v.pipe(
  v.string(notString),
  v.check((s) => s.trim() !== '', `field "${AT}" is empty`),
  v.check((s) => !LONE_SURROGATE.test(s), `field "${AT}" contains an unpaired surrogate`),
);

/** A field that may be left out but is text when present (null counts as absent when `nullable`). */
const optionalString = (nullable: boolean) =>
  nullable ? v.nullish(v.string(notString)) : v.optional(v.string(notString));

/** A row: an object whose missing fields are named. */
const row = <const E extends v.ObjectEntries>(entries: E) =>
  v.object(
    entries,
    missingOr((issue) => `expected a JSON object, got ${describeType(issue.input)}`),
  );

export interface PairFields {
  query: string;
  response: string;
  system?: string;
}

type Speaker = 'system' | 'user' | 'assistant';
interface Turn {
  speaker: Speaker;
  text: string;
}

const SHAREGPT_SPEAKERS: Record<string, Speaker> = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
};
const CHAT_SPEAKERS: Record<string, Speaker> = {
  system: 'system',
  user: 'user',
  assistant: 'assistant',
};

/** Exactly one exchange: an optional system turn, then user, then assistant. */
function singleExchange(field: string) {
  return v.rawTransform<Turn[], PairFields>(({ dataset, addIssue, NEVER }) => {
    const turns = dataset.value;
    const [first, ...rest] = turns;
    const system = first?.speaker === 'system' ? first.text : undefined;
    const exchange = system === undefined ? turns : rest;
    const [user, assistant] = exchange;
    if (exchange.length > 2) {
      addIssue({
        message: `"${field}" has ${turns.length} turns; only one user–assistant exchange is supported`,
      });
      return NEVER;
    }
    if (exchange.length !== 2 || user?.speaker !== 'user' || assistant?.speaker !== 'assistant') {
      const shape = turns.map((t) => t.speaker).join(', ') || 'nothing';
      addIssue({ message: `"${field}" must be [system], user, assistant; got ${shape}` });
      return NEVER;
    }
    return { query: user.text, response: assistant.text, ...(system ? { system } : {}) };
  });
}

/** A chat layout: `field` holds turns of {speaker key, text key}. */
function chat(
  field: string,
  keys: { speaker: string; text: string },
  speakers: Record<string, Speaker>,
) {
  const names = Object.keys(speakers) as [string, ...string[]];
  const turn = v.pipe(
    v.object(
      {
        [keys.speaker]: v.picklist(names, `${AT} must be one of ${names.join(', ')}`),
        [keys.text]: text,
      },
      missingOr((issue) => `${AT} must be an object, got ${describeType(issue.input)}`),
    ),
    v.transform((t): Turn => {
      const said = t as Record<string, string>;
      return { speaker: speakers[said[keys.speaker]!]!, text: said[keys.text]! };
    }),
  );
  const turns = v.array(turn, (issue) =>
    issue.input === undefined
      ? `missing field "${AT}"`
      : `field "${AT}" must be an array, got ${describeType(issue.input)}`,
  );
  return v.pipe(
    row({ [field]: turns }),
    v.transform((r) => (r as Record<string, Turn[]>)[field]!),
    singleExchange(field),
  );
}

/** Each pair layout's row, read into a query and a response. */
export const PAIR_ROWS: Record<PairFormat, v.GenericSchema<unknown, PairFields>> = {
  scalequest: row({ query: text, response: text }),
  alpaca: v.pipe(
    row({ instruction: text, input: optionalString(true), output: text }),
    v.transform(({ instruction, input, output }) => ({
      query: input?.trim() ? `${instruction}\n\n${input}` : instruction,
      response: output,
    })),
  ),
  messages: chat('messages', { speaker: 'role', text: 'content' }, CHAT_SPEAKERS),
  sharegpt: chat('conversations', { speaker: 'from', text: 'value' }, SHAREGPT_SPEAKERS),
};

/** A question in `field`; Alpaca's `input` (context the question needs) joins an `instruction`. */
export function questionRow(field: string): v.GenericSchema<unknown, { question: string }> {
  if (field !== 'instruction')
    return v.pipe(
      row({ [field]: text }),
      v.transform((r) => ({ question: (r as Record<string, string>)[field]! })),
    );
  return v.pipe(
    row({ instruction: text, input: optionalString(false) }),
    v.transform(({ instruction, input }) => ({
      question: input?.trim() ? `${instruction}\n\n${input}` : instruction,
    })),
  );
}

/** A reference question's text in `field`. */
export function referenceRow(field: string): v.GenericSchema<unknown, { text: string }> {
  return v.pipe(
    row({ [field]: text }),
    v.transform((r) => ({ text: (r as Record<string, string>)[field]! })),
  );
}

const notId = (issue: Issue) =>
  `field "${AT}" must be a non-empty string or a number, got ${describeType(issue.input)}`;

/** A row id: a string or a whole number (Parquet INT64 arrives as bigint); absent is fine. */
export function idRow(field: string): v.GenericSchema<unknown, { id?: string }> {
  const id = v.nullish(
    v.pipe(
      v.custom<string | number | bigint>(
        (value) =>
          (typeof value === 'string' && value.trim() !== '') ||
          typeof value === 'bigint' ||
          (typeof value === 'number' && Number.isFinite(value)),
        notId,
      ),
      v.transform(String),
    ),
  );
  return v.pipe(
    row({ [field]: id }),
    v.transform((r) => {
      const value = (r as Record<string, string | null | undefined>)[field];
      return value === undefined || value === null ? {} : { id: value };
    }),
  );
}
