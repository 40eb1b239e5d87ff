/** Numbers and counts in words a person reads (pure; used by the UI, the card and the CLI). */

/** `n` with its noun, singular or plural: 1 pair, 2 pairs, 1,319 questions. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** A count with thousands separators, the same in every locale (cards are shared files). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A configured bound: "no limit" for the values that stand for none (infinity, or the largest
 * safe integer some settings use), else the count.
 */
export function limitText(n: number, unit?: string): string {
  if (!Number.isFinite(n) || n >= Number.MAX_SAFE_INTEGER) return 'no limit';
  return unit ? plural(n, unit) : formatCount(n);
}

/** Whether a bound is one of the "no limit" values. */
export const isUnlimited = (n: number): boolean =>
  !Number.isFinite(n) || n >= Number.MAX_SAFE_INTEGER;

/** A share as a whole percentage, "0%" for an empty whole. */
export function percent(part: number, whole: number): string {
  return `${whole ? Math.round((part / whole) * 100) : 0}%`;
}
