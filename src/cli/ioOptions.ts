import { UsageError } from './cliCommand';

export interface IoOptions {
  input?: string;
  output?: string;
}

/** Reads `--input FILE` / `--output FILE` (also `--input=FILE`); anything else is a usage error. */
export function parseIoOptions(args: string[]): IoOptions {
  const options: IoOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    if (flag !== '--input' && flag !== '--output') throw new UsageError(`unknown option '${arg}'`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a file name`);
    options[flag === '--input' ? 'input' : 'output'] = value;
  }
  return options;
}
