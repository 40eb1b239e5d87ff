/**
 * How long a request to one server may stay silent, learnt from that server: a multiple of the
 * 95th percentile of the longest silences its recent successful requests showed (the wait for
 * the first byte included: prefill and queueing), between a floor and the request's ceiling.
 * A hung request is then cut after seconds, not after the flat ceiling, and retried elsewhere.
 */
export interface LivenessOptions {
  /** Silence allowed before enough answers were seen (ms). */
  initialIdleMs: number;
  /** Never cut a request silent for less than this (ms). */
  floorMs: number;
  /** The idle deadline is this multiple of the observed p95 silence. */
  multiplier: number;
  /** Answers needed before the observed p95 replaces `initialIdleMs`. */
  minSamples: number;
  /** Recent answers the percentile is taken over. */
  window: number;
}

const defaultLivenessOptions: LivenessOptions = {
  initialIdleMs: 60_000,
  floorMs: 10_000,
  multiplier: 4,
  minSamples: 8,
  window: 256,
};

export class ObservedLiveness {
  readonly #options: LivenessOptions;
  readonly #samples: number[] = [];
  readonly #scratch: Float64Array;
  #next = 0;
  #seen = 0;
  /** The percentile is recomputed every few samples, not on every request. */
  #cachedP95: number | undefined;
  #sinceComputed = 0;

  constructor(options: Partial<LivenessOptions> = {}) {
    this.#options = { ...defaultLivenessOptions, ...options };
    this.#scratch = new Float64Array(this.#options.window);
  }

  /** The longest silence of a request that succeeded (ms). */
  observe(maxGapMs: number): void {
    if (!Number.isFinite(maxGapMs) || maxGapMs < 0) return;
    if (this.#samples.length < this.#options.window) this.#samples.push(maxGapMs);
    else this.#samples[this.#next] = maxGapMs;
    this.#next = (this.#next + 1) % this.#options.window;
    this.#seen += 1;
    this.#sinceComputed += 1;
    // Early on every answer counts; later the percentile moves slowly enough to refresh rarely.
    if (this.#sinceComputed >= 64 || this.#seen <= this.#options.minSamples * 4)
      this.#cachedP95 = undefined;
  }

  /** 95th percentile of the recent silences, once there are enough of them. */
  p95(): number | undefined {
    if (this.#seen < this.#options.minSamples) return undefined;
    if (this.#cachedP95 === undefined) {
      // A typed copy sorts numerically in place, without a comparator call per pair.
      const sorted = this.#scratch.subarray(0, this.#samples.length);
      sorted.set(this.#samples);
      sorted.sort();
      this.#cachedP95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
      this.#sinceComputed = 0;
    }
    return this.#cachedP95;
  }

  /** The idle deadline for the next request, never above `ceilingMs`. */
  idleMs(ceilingMs: number): number {
    const p95 = this.p95();
    const { floorMs, multiplier, initialIdleMs } = this.#options;
    const learnt = p95 === undefined ? initialIdleMs : Math.max(floorMs, p95 * multiplier);
    return Math.min(ceilingMs, learnt);
  }

  /** After an outage the server may have restarted with another speed. */
  reset(): void {
    this.#samples.length = 0;
    this.#next = 0;
    this.#seen = 0;
    this.#cachedP95 = undefined;
  }
}
