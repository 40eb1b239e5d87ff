/**
 * The part of the Web Locks API the studio uses (exclusive locks, ifAvailable, query), in memory:
 * installed on globalThis.navigator so Node tests see one lock manager shared by their "tabs".
 */
export function installMemoryLocks(): () => void {
  const held = new Map<string, Promise<void>>();
  const locks = {
    async request<T>(
      name: string,
      options: { ifAvailable: boolean },
      callback: (lock: unknown) => Promise<T> | T,
    ): Promise<T> {
      while (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        await held.get(name);
      }
      let release!: () => void;
      held.set(name, new Promise<void>((r) => (release = r)));
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        release();
      }
    },
    query: () => Promise.resolve({ held: [...held.keys()].map((name) => ({ name })) }),
  };
  const global = globalThis as { navigator?: unknown };
  const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(global.navigator ?? {}), locks },
    configurable: true,
    writable: true,
  });
  return () => {
    if (before) Object.defineProperty(globalThis, 'navigator', before);
    else delete global.navigator;
  };
}
