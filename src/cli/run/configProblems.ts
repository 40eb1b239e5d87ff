/** One thing wrong with a run file: where (`endpoints[1].baseUrl`) and why. */
export interface ConfigProblem {
  path: string;
  reason: string;
}

/** A run file that cannot be used; the command prints every problem and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  ${p.path || '(top level)'}: ${p.reason}`).join('\n'),
    );
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;

/** Collects problems while reading a parsed JSON file field by field. */
export class ProblemList {
  readonly problems: ConfigProblem[] = [];

  add(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }

  /** Reports keys of `value` not in `allowed`. */
  onlyKeys(path: string, value: JsonObject, allowed: readonly string[]): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.add(join(path, key), `unknown setting; expected one of ${allowed.join(', ')}`);
  }

  string(path: string, value: unknown, optional = false): string | undefined {
    if (value === undefined && optional) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.add(path, `must be a non-empty string (got ${describe(value)})`);
    return undefined;
  }

  integer(path: string, value: unknown, min: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.add(path, `must be a whole number ≥ ${min} (got ${JSON.stringify(value)})`);
    return undefined;
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
