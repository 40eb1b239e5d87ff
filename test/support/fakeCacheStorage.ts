/** An in-memory CacheStorage (the part WebLLM and the studio use), entry sizes only. */
import type { CacheLike, CacheStorageLike } from '../../src/engine/webllm/mlcEnginePort';

class FakeCache implements CacheLike {
  readonly entries = new Map<string, number>();

  keys(): Promise<{ url: string }[]> {
    return Promise.resolve([...this.entries.keys()].map((url) => ({ url })));
  }

  match(url: string) {
    const size = this.entries.get(url);
    return Promise.resolve(
      size === undefined
        ? undefined
        : {
            headers: { get: (name: string) => (name === 'content-length' ? String(size) : null) },
            blob: () => Promise.resolve({ size }),
          },
    );
  }

  delete(url: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(url));
  }
}

export class FakeCacheStorage implements CacheStorageLike {
  readonly stores = new Map<string, FakeCache>();

  has(name: string): Promise<boolean> {
    return Promise.resolve(this.stores.has(name));
  }

  open(name: string): Promise<FakeCache> {
    let store = this.stores.get(name);
    if (!store) this.stores.set(name, (store = new FakeCache()));
    return Promise.resolve(store);
  }

  put(store: string, url: string, size: number): void {
    let cache = this.stores.get(store);
    if (!cache) this.stores.set(store, (cache = new FakeCache()));
    cache.entries.set(url, size);
  }

  /** Every url held, store by store (for assertions). */
  urls(store: string): string[] {
    return [...(this.stores.get(store)?.entries.keys() ?? [])];
  }
}
