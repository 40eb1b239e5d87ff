/**
 * One run executes in at most one place: the tab (or its pipeline worker) that runs it holds the
 * Web Lock `run:<id>` for as long as it runs, and the browser drops the lock when that page or
 * worker goes away. Without the Web Locks API (Node tests) every lock is granted.
 */
export const runLockName = (runId: string) => `run:${runId}`;

/** The part of the Web Locks API used here (typed locally: this file also builds for Node). */
interface RunLocks {
  request<T>(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function locks(): RunLocks | undefined {
  return (globalThis as { navigator?: { locks?: RunLocks } }).navigator?.locks;
}

/** Runs `body` holding the run's lock, or returns `busy()` at once when someone else holds it. */
export async function withRunLock<T>(
  runId: string,
  body: () => Promise<T>,
  busy: () => T,
): Promise<T> {
  const manager = locks();
  if (!manager) return body();
  return manager.request(runLockName(runId), { ifAvailable: true }, (lock) =>
    lock ? body() : busy(),
  );
}

/** Run ids whose lock is held right now by any tab or worker of this origin. */
export async function runsHeldAnywhere(): Promise<Set<string>> {
  const manager = locks();
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  return new Set(
    held.flatMap((l) => (l.name?.startsWith('run:') ? [l.name.slice('run:'.length)] : [])),
  );
}

/** Resolves once nobody holds the run's lock (at once without the Web Locks API). */
export async function waitForRunLock(runId: string): Promise<void> {
  const manager = locks();
  if (manager) await manager.request(runLockName(runId), { ifAvailable: false }, () => undefined);
}
