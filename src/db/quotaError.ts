/**
 * Whether a failed write ran out of browser storage. Dexie wraps the DOMException (its own
 * QuotaExceededError keeps the name, and the original sits in `inner`); errors crossing a worker
 * arrive as plain objects with the name only.
 */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; inner?: { name?: unknown } | null };
  return e.name === 'QuotaExceededError' || e.inner?.name === 'QuotaExceededError';
}
