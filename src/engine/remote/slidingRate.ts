/**
 * Sum of amounts per second over the last `windowMs` (tokens/s, requests/s). Amounts go into
 * buckets of a fiftieth of the window, so a pool answering thousands of requests a second keeps
 * fifty numbers per figure, not an object per answer.
 */
const BUCKETS = 50;

export class SlidingRate {
  readonly #windowMs: number;
  readonly #bucketMs: number;
  /** Ring of per-bucket sums; `#newest` is the index of the bucket `#newestAt` falls in. */
  readonly #sums = new Float64Array(BUCKETS);
  #newest = 0;
  #newestAt = Number.NEGATIVE_INFINITY;
  #sum = 0;
  #firstAt: number | undefined;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
    this.#bucketMs = Math.max(1, windowMs / BUCKETS);
  }

  add(amount: number, now: number): void {
    this.#firstAt ??= now;
    this.#advance(now);
    this.#sums[this.#newest]! += amount;
    this.#sum += amount;
  }

  /** Per second; a young window is divided by its real span so the first seconds are not diluted. */
  perSecond(now: number): number {
    this.#advance(now);
    if (this.#firstAt === undefined) return 0;
    const span = Math.min(this.#windowMs, Math.max(now - this.#firstAt, 1000));
    return (Math.max(0, this.#sum) * 1000) / span;
  }

  /** Moves the ring to the bucket of `now`, emptying the buckets that left the window. */
  #advance(now: number): void {
    const bucket = Math.floor(now / this.#bucketMs);
    const newest = Math.floor(this.#newestAt / this.#bucketMs);
    if (bucket <= newest) return;
    const steps = Math.min(BUCKETS, bucket - newest);
    for (let i = 0; i < steps; i++) {
      this.#newest = (this.#newest + 1) % BUCKETS;
      this.#sum -= this.#sums[this.#newest]!;
      this.#sums[this.#newest] = 0;
    }
    if (steps === BUCKETS) this.#sum = 0;
    this.#newestAt = now;
  }
}
