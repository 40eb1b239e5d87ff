/**
 * Concurrency limit for one endpoint, fitted to continuous batching (vLLM, SGLang): such a server
 * runs hundreds of sequences at once, and time per token rises with the batch by design, so that
 * is not a signal. The limit grows while the endpoint is used and shows no backpressure, and
 * stops or shrinks on the signs a batching server really gives when full:
 * - 429 / 503 / timeouts: multiplied down (overload);
 * - requests waiting in the server's own queue (vLLM `/metrics` `vllm:num_requests_waiting`,
 *   when the pool can read it): no growth, and one step down while the queue is long;
 * - time to first token rising well above the recent best (queueing before prefill): no growth,
 *   and one step down when far above.
 * Growth is one per admitted request that found the limit at least half used: one round trip
 * doubles it (slow start). For a streamed answer "admitted" is its first byte, so the round trip
 * is the time to first token, not the whole generation, and a 256-sequence server is filled in
 * seconds. Decreases are spaced (one per eighth of the limit in signals), so the answers that
 * queued before a decrease do not each cut the limit again.
 */
export interface AdaptiveLimitOptions {
  initial: number;
  min: number;
  max: number;
  /** Factor applied on overload, e.g. 0.5 halves the limit. */
  decreaseFactor: number;
  /** Time to first token above `ttftTolerance` × recent best + `ttftSlackMs` means queueing. */
  ttftTolerance: number;
  ttftSlackMs: number;
  /** Waiting requests on the server tolerated before growth stops (keeps the batch topped up). */
  waitingTolerance: number;
}

export const defaultLimitOptions: AdaptiveLimitOptions = {
  initial: 8,
  min: 1,
  max: 1024,
  decreaseFactor: 0.5,
  ttftTolerance: 3,
  ttftSlackMs: 500,
  waitingTolerance: 8,
};

/** The smallest time to first token among the last answers (a best that can rise again). */
const BEST_WINDOW = 256;

export class AdaptiveLimit {
  readonly #options: AdaptiveLimitOptions;
  #limit: number;
  readonly #ttft: number[] = [];
  #ttftNext = 0;
  #bestTtft = Number.POSITIVE_INFINITY;
  #waiting: number | undefined;
  #sinceDecrease = Number.POSITIVE_INFINITY;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.#options = { ...defaultLimitOptions, ...options };
    this.#limit = clamp(this.#options.initial, this.#options.min, this.#options.max);
  }

  get value(): number {
    return this.#limit;
  }

  /** The server's own queue length, read from its metrics (undefined: unknown). */
  set waiting(value: number | undefined) {
    this.#waiting = value;
    if (value !== undefined && value > this.#options.waitingTolerance * 4)
      this.#set(this.#limit - 1);
  }

  get waiting(): number | undefined {
    return this.#waiting;
  }

  /**
   * The server took a request: its first byte arrived (streamed) or it answered (otherwise).
   * @param ttftMs time to the first byte, when streamed (undefined otherwise)
   * @param inFlight requests running on the endpoint at that moment (this one included)
   */
  onAdmitted(ttftMs: number | undefined, inFlight: number): void {
    this.#sinceDecrease += 1;
    const pressure = this.#ttftPressure(ttftMs);
    if (pressure === 'high') return this.#decrease();
    const queued = this.#waiting !== undefined && this.#waiting > this.#options.waitingTolerance;
    // Only a limit that is actually used is evidence the server could take more.
    if (pressure === 'none' && !queued && inFlight * 2 >= this.#limit) this.#set(this.#limit + 1);
  }

  onOverload(): void {
    this.#set(Math.floor(this.#limit * this.#options.decreaseFactor));
  }

  /** After an outage the server may have restarted with a different speed. */
  resetLatency(): void {
    this.#ttft.length = 0;
    this.#ttftNext = 0;
    this.#bestTtft = Number.POSITIVE_INFINITY;
  }

  #decrease(): void {
    if (this.#sinceDecrease < Math.max(1, Math.floor(this.#limit / 8))) return;
    this.#sinceDecrease = 0;
    this.#set(this.#limit - 1);
  }

  #ttftPressure(ttftMs: number | undefined): 'none' | 'some' | 'high' {
    if (ttftMs === undefined || !Number.isFinite(ttftMs) || ttftMs < 0) return 'none';
    this.#remember(ttftMs);
    const { ttftTolerance, ttftSlackMs } = this.#options;
    const bound = this.#bestTtft * ttftTolerance + ttftSlackMs;
    if (ttftMs > 2 * bound) return 'high';
    return ttftMs > bound ? 'some' : 'none';
  }

  #remember(ttftMs: number): void {
    const evicted = this.#ttft.length < BEST_WINDOW ? undefined : this.#ttft[this.#ttftNext];
    if (evicted === undefined) this.#ttft.push(ttftMs);
    else this.#ttft[this.#ttftNext] = ttftMs;
    this.#ttftNext = (this.#ttftNext + 1) % BEST_WINDOW;
    if (ttftMs <= this.#bestTtft) this.#bestTtft = ttftMs;
    // The best left the window: find the new one (rare).
    else if (evicted === this.#bestTtft) this.#bestTtft = Math.min(...this.#ttft);
  }

  #set(value: number): void {
    this.#limit = clamp(value, this.#options.min, this.#options.max);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
