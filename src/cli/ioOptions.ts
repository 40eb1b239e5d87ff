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

/**
 * Takes `--name N` / `--name=N` out of `args` (the rest goes on to `parseIoOptions`): a whole
 * number within [min, max], or a usage error that says so. Undefined when absent.
 */
export function takeWholeOption(
  args: string[],
  name: string,
  min: number,
  max: number,
): { value: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let value: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const inline = arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined;
    if (arg !== name && inline === undefined) {
      rest.push(arg);
      continue;
    }
    const raw = inline ?? args[++i];
    const n = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${name} needs a whole number from ${min} to ${max}`);
    value = n;
  }
  return { value, rest };
}
