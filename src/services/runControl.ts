/**
 * How the tabs (and their pipeline workers) of one studio talk about runs. Whoever drives a run
 * holds its Web Lock (runLock.ts); the others reach it here: pause, resume and end requests go
 * to every context and the driver obeys, and a state the database cannot be told yet (a pause
 * while storage is full) is announced so every tab shows it.
 */
import type { EngineErrorCode } from '../core/ports/engineError';
import type { RunStatus } from '../core/runs/runRow';

/** A run's state as its driver knows it, ahead of the stored row. */
export interface LiveRunState {
  status: RunStatus;
  error?: string;
  errorCode?: EngineErrorCode;
}

export type RunControlMessage =
  | { type: 'pause' | 'resume' | 'end'; runId: string }
  /** The driver's state of a run; null once the stored row says the same again. */
  | { type: 'live'; runId: string; live: LiveRunState | null }
  /** A context that just opened asks the drivers to announce their live states again. */
  | { type: 'hello' };

export interface RunControl {
  post(message: RunControlMessage): void;
  listen(handler: (message: RunControlMessage) => void): () => void;
  close(): void;
}

export const RUN_CONTROL_CHANNEL = 'scalequest-run-control';

/**
 * The channel over BroadcastChannel, or undefined where there is none. A BroadcastChannel never
 * hears its own messages, so a post also reaches this object's listeners: a page's state and
 * the run service on the same thread may share one.
 */
export function broadcastRunControl(name = RUN_CONTROL_CHANNEL): RunControl | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(name);
  // Node keeps its process alive for an open channel; the browser has no such method.
  (channel as { unref?: () => void }).unref?.();
  const handlers = new Set<(message: RunControlMessage) => void>();
  const deliver = (message: RunControlMessage) => {
    for (const handler of handlers) handler(message);
  };
  channel.onmessage = (event: MessageEvent<RunControlMessage>) => deliver(event.data);
  return {
    post(message) {
      channel.postMessage(message);
      queueMicrotask(() => deliver(message));
    },
    listen(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      handlers.clear();
      channel.close();
    },
  };
}
