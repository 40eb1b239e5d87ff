import * as v from 'valibot';
import { once } from 'node:events';
import type { CliIo } from './cliCommand';
import type { IoOptions } from './ioOptions';
import { openInput, openOutput, readJsonLines, writeJsonLine } from './jsonLines';

/** What one input line becomes: an output record, or the reason it could not be processed. */
export type LineResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export interface StageCounts {
  lines: number;
  errors: number;
}

/**
 * Maps each JSONL input line to one output line, in order. A bad line yields
 * `{"error": …}` in its place so outputs stay aligned with inputs.
 */
export async function mapJsonLines(
  options: IoOptions,
  io: CliIo,
  transform: (value: unknown) => LineResult,
): Promise<StageCounts> {
  const input = openInput(options.input, io.stdin);
  const output = openOutput(options.output, io.stdout);
  const counts: StageCounts = { lines: 0, errors: 0 };
  for await (const line of readJsonLines(input)) {
    counts.lines++;
    const result: LineResult =
      line.error !== undefined
        ? { ok: false, error: `invalid JSON (${line.error})` }
        : transform(line.value);
    if (!result.ok) counts.errors++;
    const record = result.ok ? result.value : { error: `line ${line.lineNumber}: ${result.error}` };
    await writeJsonLine(output, record);
  }
  if (output !== io.stdout) {
    output.end();
    await once(output, 'finish');
  }
  return counts;
}

/** Text, or a finite number read as text (`"expected": 4`). */
export const textValue = v.union([v.string(), v.pipe(v.number(), v.finite(), v.transform(String))]);

type LineCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A reader of JSON object lines with these fields, through one valibot schema: the line's error
 * is its first problem, `fieldMessage` naming the field it is about.
 */
export function lineReader<const E extends v.ObjectEntries>(
  entries: E,
  fieldMessage: (field: string) => string,
): (value: unknown) => LineCheck<v.InferOutput<v.ObjectSchema<E, undefined>>> {
  const schema = v.pipe(
    v.custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'expected a JSON object',
    ),
    v.object(entries),
  );
  return (value) => {
    const parsed = v.safeParse(schema, value, { abortEarly: true });
    if (parsed.success) return { ok: true, value: parsed.output };
    const field = parsed.issues[0].path?.[0]?.key;
    return {
      ok: false,
      error: typeof field === 'string' ? fieldMessage(field) : 'expected a JSON object',
    };
  };
}
