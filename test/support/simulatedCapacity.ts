/**
 * A GPU server's batch in miniature: C slots, each generating at a fixed time per token; requests
 * beyond C wait in arrival order (as vLLM's scheduler queue does).
 */
export interface CapacityOptions {
  slots: number;
  perTokenMs: number;
}

export class SimulatedCapacity {
  readonly #options: CapacityOptions;
  readonly #waiting: (() => void)[] = [];
  #busy = 0;

  constructor(options: CapacityOptions) {
    this.#options = options;
  }

  /** Occupies a slot for `tokens` × perTokenMs; resolves false when `gone()` turned true while queued. */
  async generate(tokens: number, gone: () => boolean): Promise<boolean> {
    if (this.#busy >= this.#options.slots) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#busy += 1;
    }
    try {
      if (gone()) return false;
      await new Promise((resolve) => setTimeout(resolve, tokens * this.#options.perTokenMs));
      return true;
    } finally {
      // Hand the slot straight to the next waiter (busy count unchanged) or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#busy -= 1;
    }
  }
}
