/** The part of `navigator.storage` the status needs (a fake in tests). */
export interface StoragePort {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

/** How much of the browser's storage the studio uses, and whether it is safe from eviction. */
export class StorageStatus {
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  readonly #storage: StoragePort | undefined;

  constructor(storage: StoragePort | undefined = globalThis.navigator?.storage) {
    this.#storage = storage;
  }

  get supported(): boolean {
    return typeof this.#storage?.estimate === 'function';
  }

  /** Share of the quota in use, 0–1. */
  get fraction(): number | null {
    return this.usage !== null && this.quota ? this.usage / this.quota : null;
  }

  /** Asks once that the browser not evict the data under storage pressure, then measures. */
  async init(): Promise<void> {
    try {
      this.persisted = (await this.#storage?.persisted?.()) ?? null;
      if (this.persisted === false) this.persisted = (await this.#storage?.persist?.()) ?? false;
    } catch {
      this.persisted = null;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const estimate = await this.#storage?.estimate?.();
      this.usage = estimate?.usage ?? null;
      this.quota = estimate?.quota ?? null;
    } catch {
      this.usage = this.quota = null;
    }
  }
}
