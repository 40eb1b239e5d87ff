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

/** The string field `name` of a JSON object line (numbers are accepted as text). */
export function stringField(value: unknown, name: string): string | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected a JSON object' };
  }
  const field = (value as Record<string, unknown>)[name];
  if (typeof field === 'string') return field;
  if (typeof field === 'number' && Number.isFinite(field)) return String(field);
  return { error: `field "${name}" must be a string` };
}
