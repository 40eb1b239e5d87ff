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

/** Collects problems while reading a parsed run file (the schema's and the checks after it). */
export class ProblemList {
  readonly problems: ConfigProblem[] = [];

  add(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
