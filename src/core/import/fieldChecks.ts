export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const fail = (reason: string): Checked<never> => ({ ok: false, reason });

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'bigint') return 'a number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A non-empty, well-formed string at `path` (a lone surrogate would turn into U+FFFD on export). */
export function text(value: unknown, path: string): Checked<string> {
  if (value === undefined) return fail(`missing field "${path}"`);
  if (typeof value !== 'string')
    return fail(`field "${path}" must be a string, got ${describeType(value)}`);
  if (value.trim() === '') return fail(`field "${path}" is empty`);
  if (LONE_SURROGATE.test(value)) return fail(`field "${path}" contains an unpaired surrogate`);
  return ok(value);
}

/** Ids may be strings or whole numbers (Parquet INT64 arrives as bigint). */
export function rowId(row: Record<string, unknown>, field: string): Checked<string | undefined> {
  const value = row[field];
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value === 'string' && value.trim() !== '') return ok(value);
  if (typeof value === 'bigint') return ok(value.toString());
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  return fail(
    `field "${field}" must be a non-empty string or a number, got ${describeType(value)}`,
  );
}
