import { PassThrough, Readable } from 'node:stream';
import type { CliCommand } from '../../../src/cli/cliCommand';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON lines. */
  lines: unknown[];
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs a command on in-memory stdin/stdout/stderr. */
export async function runCommand(
  command: CliCommand,
  args: string[],
  input: string,
): Promise<CommandRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await command.run(args, { stdin: Readable.from([input]), stdout, stderr });
  const text = out();
  const lines = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
  return { code, stdout: text, stderr: err(), lines };
}

export function jsonl(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';
}
