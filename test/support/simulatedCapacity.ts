/**
 * A GPU server's batch in miniature: C slots, each generating at a fixed time per token; requests
 * beyond C wait in arrival order (as vLLM's scheduler queue does). Slot time is booked on a clock
 * of its own (a request starts exactly when its slot frees, not when a late timer fires), so
 * event-loop lag in the test process is not mistaken for idle GPU time.
 */
export interface CapacityOptions {
  slots: number;
  perTokenMs: number;
}

export class SimulatedCapacity {
  readonly #options: CapacityOptions;
  /** performance.now() at which each slot finishes its booked work. */
  readonly #freeAt: number[];

  constructor(options: CapacityOptions) {
    this.#options = options;
    this.#freeAt = Array.from({ length: options.slots }, () => 0);
  }

  /**
   * Books the earliest free slot for `tokens` × perTokenMs and waits until that work is done.
   * Resolves false when `gone()` (the client hung up) turned true meanwhile. A request abandoned
   * while queued keeps its booking: the double does not model vLLM's abort-on-disconnect.
   */
  async generate(tokens: number, gone: () => boolean): Promise<boolean> {
    let slot = 0;
    for (let i = 1; i < this.#freeAt.length; i++) {
      if (this.#freeAt[i]! < this.#freeAt[slot]!) slot = i;
    }
    const now = performance.now();
    const end = Math.max(now, this.#freeAt[slot]!) + tokens * this.#options.perTokenMs;
    this.#freeAt[slot] = end;
    await new Promise((resolve) => setTimeout(resolve, end - now));
    return !gone();
  }
}
