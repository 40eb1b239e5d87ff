import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';

export interface JsonLine {
  /** 1-based line number in the input. */
  lineNumber: number;
  /** Parsed value, or undefined when the line is not valid JSON (see `error`). */
  value: unknown;
  error?: string;
}

/** Streams non-blank JSONL lines; malformed lines are reported, not thrown, so callers can keep order. */
export async function* readJsonLines(input: Readable): AsyncGenerator<JsonLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    try {
      yield { lineNumber, value: JSON.parse(line) as unknown };
    } catch (error) {
      yield { lineNumber, value: undefined, error: (error as Error).message };
    }
  }
}

/** Writes one JSON value per line, honouring back-pressure. */
export async function writeJsonLine(output: Writable, value: unknown): Promise<void> {
  if (!output.write(`${JSON.stringify(value)}\n`)) await once(output, 'drain');
}

export function openInput(path: string | undefined, stdin: Readable): Readable {
  return path && path !== '-' ? createReadStream(path) : stdin;
}

export function openOutput(path: string | undefined, stdout: Writable): Writable {
  return path && path !== '-' ? createWriteStream(path) : stdout;
}
