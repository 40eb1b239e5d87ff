/**
 * AIMD concurrency limit for one endpoint, in the spirit of Netflix's concurrency-limits AIMD:
 * +1 for each success that found the endpoint well used while latency per token stays near the
 * best seen; multiplied down on overload signals (429, 503, timeouts).
 */
export interface AdaptiveLimitOptions {
  initial: number;
  min: number;
  max: number;
  /** Growth stops once latency per token exceeds this multiple of the best seen. */
  latencyTolerance: number;
  /** Factor applied on overload, e.g. 0.5 halves the limit. */
  decreaseFactor: number;
}

export const defaultLimitOptions: AdaptiveLimitOptions = {
  initial: 4,
  min: 1,
  max: 256,
  latencyTolerance: 1.5,
  decreaseFactor: 0.5,
};

export class AdaptiveLimit {
  readonly #options: AdaptiveLimitOptions;
  #limit: number;
  #bestLatency = Number.POSITIVE_INFINITY;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.#options = { ...defaultLimitOptions, ...options };
    this.#limit = clamp(this.#options.initial, this.#options.min, this.#options.max);
  }

  get value(): number {
    return this.#limit;
  }

  /**
   * @param latencyPerToken seconds per generated token for the finished request
   * @param inFlight requests running on the endpoint when this one finished (itself included)
   */
  onSuccess(latencyPerToken: number, inFlight: number): void {
    if (Number.isFinite(latencyPerToken) && latencyPerToken > 0) {
      this.#bestLatency = Math.min(this.#bestLatency, latencyPerToken);
    }
    const ratio = latencyPerToken / this.#bestLatency;
    // Far beyond the tolerance the server is queueing a lot behind us: back off gently.
    if (ratio > 2 * this.#options.latencyTolerance) this.#set(this.#limit - 1);
    // Only a limit that is actually used is evidence the server could take more.
    else if (ratio <= this.#options.latencyTolerance && inFlight * 2 >= this.#limit)
      this.#set(this.#limit + 1);
  }

  onOverload(): void {
    this.#set(Math.floor(this.#limit * this.#options.decreaseFactor));
  }

  /** After an outage the server may have restarted with a different speed. */
  resetLatency(): void {
    this.#bestLatency = Number.POSITIVE_INFINITY;
  }

  #set(value: number): void {
    this.#limit = clamp(value, this.#options.min, this.#options.max);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
