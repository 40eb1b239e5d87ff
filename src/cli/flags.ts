import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliCommand';

type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * The command's flags through `node:util.parseArgs` (`--name value`, `--name=value`, `--flag`);
 * an unknown flag, a missing value or a stray argument is a usage error naming it.
 */
export function readFlags<const T extends FlagSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Node's message goes on to explain `--` for positionals, which no command takes.
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'bad arguments';
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
  }
}

/** A flag's value that names a file or a choice: present means non-empty. */
export function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

/** A flag's number, or a usage error naming `problem` when it is not `valid`; undefined when absent. */
function numeric(
  name: string,
  value: string | undefined,
  valid: (n: number) => boolean,
  problem: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !valid(n)) throw new UsageError(`--${name} ${problem}`);
  return n;
}

/** A whole number within [min, max], or a usage error that says so; undefined when absent. */
export function wholeFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  const within = (n: number) => Number.isInteger(n) && n >= min && n <= max;
  return numeric(name, value, within, `needs a whole number from ${min} to ${max}`);
}

/** A number in (min, max] (e.g. a similarity threshold); undefined when absent. */
export function numberFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  return numeric(name, value, (n) => n > min && n <= max, `must be in (${min}, ${max}]`);
}

/** One of a fixed set of words; undefined when absent. */
export function choiceFlag<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  return value as T;
}
