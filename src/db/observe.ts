import { liveQuery } from 'dexie';

/**
 * Re-runs `query` whenever the tables it read change (also when a worker or another tab writes)
 * and hands each result to `onValue`. Returns the unsubscribe function.
 */
export function observe<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}
