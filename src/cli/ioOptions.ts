import { nonEmpty, readFlags } from './flags';

export interface IoOptions {
  input?: string;
  output?: string;
}

/** `--input FILE` / `--output FILE`, for commands that add flags of their own. */
export const IO_FLAGS = { input: { type: 'string' }, output: { type: 'string' } } as const;

/** The files named by `--input` / `--output` (stdin / stdout when absent). */
export function ioFiles(values: { input?: string; output?: string }): IoOptions {
  const input = nonEmpty('input', values.input);
  const output = nonEmpty('output', values.output);
  return { ...(input ? { input } : {}), ...(output ? { output } : {}) };
}

/** Reads `--input FILE` / `--output FILE` (also `--input=FILE`); anything else is a usage error. */
export function parseIoOptions(args: string[]): IoOptions {
  return ioFiles(readFlags(args, IO_FLAGS));
}
