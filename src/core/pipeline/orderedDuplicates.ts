import type { DuplicateChecker, DuplicateVerdict } from '../ports/checkers';

/**
 * Makes duplicate checks give the same answers as a one-at-a-time run while attempts overlap:
 * attempt i checks only after every earlier attempt has checked (a turnstile), against the kept
 * questions plus the earlier ones still in flight. When it matches one in flight, it waits until
 * every earlier attempt is stored and asks the kept index again, so whether that one was kept
 * decides — never timing.
 */
export class OrderedDuplicates {
  #turn: number;
  #saved: number;
  readonly #passed = new Set<number>();
  #waiters: {
    index: number;
    kind: 'turn' | 'saved';
    resolve: () => void;
    reject: (e: Error) => void;
  }[] = [];
  #closed: Error | null = null;
  readonly #pending: DuplicateChecker;

  constructor(
    private readonly kept: DuplicateChecker,
    pending: DuplicateChecker,
    firstIndex: number,
  ) {
    this.#pending = pending;
    this.#turn = firstIndex;
    this.#saved = firstIndex;
  }

  /** The duplicate check of attempt `index`; call `pass(index)` afterwards in any case. */
  async check(index: number, id: string, text: string): Promise<DuplicateVerdict> {
    await this.#until(index, 'turn');
    if ((await this.#pending.check(text)).duplicate) await this.#until(index, 'saved');
    const verdict = await this.kept.check(text);
    if (!verdict.duplicate) await this.#pending.add(id, text);
    return verdict;
  }

  /** Attempt `index` is past its duplicate check (or was rejected before it); idempotent. */
  pass(index: number): void {
    this.#passed.add(index);
    while (this.#passed.has(this.#turn)) this.#passed.delete(this.#turn++);
    this.#wake();
  }

  /** Attempt `index` (and every one before it) is stored; a kept one joins the kept index. */
  async stored(index: number, kept: { id: string; text: string } | null): Promise<void> {
    if (kept) await this.kept.add(kept.id, kept.text);
    this.#saved = index + 1;
    this.#wake();
  }

  /** The run stopped: attempts still waiting here give up with `reason`. */
  close(reason: unknown): void {
    this.#closed = reason instanceof Error ? reason : new Error('run stopped');
    for (const w of this.#waiters) w.reject(this.#closed);
    this.#waiters = [];
  }

  #until(index: number, kind: 'turn' | 'saved'): Promise<void> {
    if ((kind === 'turn' ? this.#turn : this.#saved) >= index) return Promise.resolve();
    if (this.#closed !== null) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => this.#waiters.push({ index, kind, resolve, reject }));
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((w) => {
      const ready = (w.kind === 'turn' ? this.#turn : this.#saved) >= w.index;
      if (ready) w.resolve();
      return !ready;
    });
  }
}
