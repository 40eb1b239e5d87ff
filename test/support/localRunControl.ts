import type { RunControl, RunControlMessage } from '../../src/services/runControl';

/** An in-memory stand-in for the tabs' BroadcastChannel: every control it connects hears every post. */
export function localRunControlBus(): { connect(): RunControl } {
  const all = new Set<Set<(message: RunControlMessage) => void>>();
  return {
    connect() {
      const handlers = new Set<(message: RunControlMessage) => void>();
      all.add(handlers);
      return {
        post(message) {
          queueMicrotask(() => {
            for (const set of all) for (const handler of set) handler(message);
          });
        },
        listen(handler) {
          handlers.add(handler);
          return () => handlers.delete(handler);
        },
        close() {
          all.delete(handlers);
        },
      };
    },
  };
}
