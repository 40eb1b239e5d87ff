/**
 * One 'abort' listener per signal, however many calls wait on it. A run shares one signal across
 * thousands of requests; a listener each would make Node warn (MaxListenersExceededWarning) and
 * keep a closure per finished call alive until the run ends.
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts (never if it already has); returns the unwatch. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) return () => {};
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    watchers.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        watchers.delete(signal);
        for (const call of [...set]) call();
      },
      { once: true },
    );
  }
  const entry = () => callback();
  callbacks.add(entry);
  const own = callbacks;
  return () => void own.delete(entry);
}
