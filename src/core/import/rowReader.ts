import * as v from 'valibot';
import type { ImportKind, ImportOptions, ImportRecordMap, PairFormat } from './importTypes';
import {
  describeType,
  idRow,
  PAIR_ROWS,
  questionRow,
  referenceRow,
  rowProblem,
} from './rowSchemas';

export const QUESTION_FIELDS = ['question', 'query', 'problem', 'instruction'];
export const REFERENCE_FIELDS = [
  'text',
  'question',
  'problem',
  'query',
  'instruction',
  'prompt',
  'content',
];

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

type Record_<K extends ImportKind> = Omit<ImportRecordMap[K], 'line' | 'id'>;

const fail = (reason: string): Checked<never> => ({ ok: false, reason });

/** Rows are read with the first problem only: a rejected row lists one reason. */
const FIRST_PROBLEM = { abortEarly: true } as const;

function check<T>(schema: v.GenericSchema<unknown, T>, row: unknown): Checked<T> {
  const parsed = v.safeParse(schema, row, FIRST_PROBLEM);
  return parsed.success ? { ok: true, value: parsed.output } : fail(rowProblem(parsed.issues));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The layout a row is written in, judged by its keys; null when none fits. */
function detectPairFormat(row: Record<string, unknown>): PairFormat | null {
  if ('messages' in row) return 'messages';
  if ('conversations' in row) return 'sharegpt';
  if ('instruction' in row && 'output' in row) return 'alpaca';
  if ('query' in row && 'response' in row) return 'scalequest';
  return null;
}

const keysOf = (row: Record<string, unknown>) => Object.keys(row).slice(0, 8).join(', ') || 'none';

/** A schema per text field name, built once: every row of a file is read with the same few. */
function cached<T>(make: (field: string) => T): (field: string) => T {
  const made = new Map<string, T>();
  return (field) => {
    let schema = made.get(field);
    if (!schema) made.set(field, (schema = make(field)));
    return schema;
  };
}
const questionSchema = cached(questionRow);
const referenceSchema = cached(referenceRow);
const idSchema = cached(idRow);

/**
 * Turns one parsed row into a record or a reason, through the row schemas (rowSchemas.ts).
 * Stateful only for pairs in auto mode: the first recognisable row fixes the layout for the rest
 * of the file.
 */
export class RowReader<K extends ImportKind> {
  pairFormat: PairFormat | undefined;
  private readonly idField: string;

  constructor(private readonly options: ImportOptions<K>) {
    this.idField = options.idField ?? 'id';
    const format = options.pairFormat;
    this.pairFormat = format && format !== 'auto' ? format : undefined;
  }

  read(row: unknown): Checked<Omit<ImportRecordMap[K], 'line'>> {
    if (!isRecord(row)) return fail(`expected a JSON object, got ${describeType(row)}`);
    const id = check(idSchema(this.idField), row);
    if (!id.ok) return id;
    const body = this.readBody(row);
    if (!body.ok) return body;
    return { ok: true, value: { ...body.value, ...id.value } as Omit<ImportRecordMap[K], 'line'> };
  }

  private readBody(row: Record<string, unknown>): Checked<Record_<K>> {
    const kind: ImportKind = this.options.kind;
    if (kind === 'pairs') {
      const format = this.pairFormat ?? detectPairFormat(row);
      if (!format)
        return fail(
          `unrecognised pair layout: expected query/response, messages, conversations or instruction/output (found ${keysOf(row)})`,
        );
      this.pairFormat = format;
      return check(PAIR_ROWS[format], row) as Checked<Record_<K>>;
    }
    const candidates = kind === 'questions' ? QUESTION_FIELDS : REFERENCE_FIELDS;
    const field = this.options.field ?? candidates.find((c) => row[c] !== undefined);
    if (!field)
      return fail(`no text field: expected one of ${candidates.join(', ')} (found ${keysOf(row)})`);
    const checked =
      kind === 'questions' ? check(questionSchema(field), row) : check(referenceSchema(field), row);
    return checked as Checked<Record_<K>>;
  }
}
