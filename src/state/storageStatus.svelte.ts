/** The part of `navigator.storage` the status needs (a fake in tests). */
export interface StoragePort {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageFullOptions {
  /** Whether the database takes a write now (a tiny write that leaves nothing behind). */
  probe?: () => Promise<boolean>;
  /** Time between two probes while storage is full (default 2 s). */
  probeEveryMs?: number;
}

/**
 * How much of the browser's storage the studio uses, whether it is safe from eviction, and
 * whether it is full right now: a refused write marks it full, and a probe clears that as soon
 * as a write goes through again (so Start and Import enable themselves when there is room).
 */
export class StorageStatus {
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  #full = $state(false);
  #noticeHidden = $state(false);
  readonly #storage: StoragePort | undefined;
  readonly #options: StorageFullOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    storage: StoragePort | undefined = globalThis.navigator?.storage,
    options: StorageFullOptions = {},
  ) {
    this.#storage = storage;
    this.#options = options;
  }

  /** A write was refused for lack of space, and none has gone through since. */
  get full(): boolean {
    return this.#full;
  }

  /** Whether the page-wide "storage is full" notice shows (the person may dismiss it). */
  get fullNotice(): boolean {
    return this.#full && !this.#noticeHidden;
  }

  dismissFullNotice(): void {
    this.#noticeHidden = true;
  }

  /** Told by whatever hit the quota; probes until a write works again. */
  markFull(): void {
    if (this.#full) return;
    this.#full = true;
    this.#noticeHidden = false;
    void this.refresh();
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    const probe = this.#options.probe;
    if (!probe) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      probe().then(
        (ok) => (ok ? this.#roomAgain() : this.#scheduleProbe()),
        () => this.#scheduleProbe(),
      );
    }, this.#options.probeEveryMs ?? 2000);
  }

  #roomAgain(): void {
    this.#full = false;
    void this.refresh();
  }

  dispose(): void {
    clearTimeout(this.#timer);
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

  /** Measures again; every screen showing storage reads these same figures. */
  async refresh(): Promise<void> {
    try {
      const estimate = await this.#storage?.estimate?.();
      this.usage = estimate?.usage ?? null;
      this.quota = estimate?.quota ?? null;
    } catch {
      this.usage = this.quota = null;
    }
  }

  /** Asks the browser to keep this site's data (downloaded models included). */
  async requestPersistence(): Promise<boolean> {
    try {
      this.persisted = (await this.#storage?.persist?.()) ?? false;
    } catch {
      this.persisted = false;
    }
    await this.refresh();
    return this.persisted;
  }
}
