/**
 * Liveness instead of a flat timeout: an exchange is cut when nothing arrived for `idleMs`
 * (no headers, no bytes of the stream) or when it has run for `totalMs` in all. One timer per
 * exchange, re-armed lazily: a chunk only stamps the time, so a stream of thousands of chunks
 * costs no timer work.
 */
export interface DeadlineLimits {
  idleMs: number;
  totalMs: number;
}

export type DeadlineExpiry = 'idle' | 'total';

export interface ExchangeTiming {
  /** From sending until the first byte of the body (or the headers, for an empty body). */
  firstByteMs: number | undefined;
  /** The longest silence: the wait for the first byte included. */
  maxGapMs: number;
  totalMs: number;
}

export class Deadline {
  readonly limits: DeadlineLimits;
  expired: DeadlineExpiry | undefined;
  readonly #onExpire: (why: DeadlineExpiry) => void;
  readonly #now: () => number;
  readonly #started: number;
  #last: number;
  #firstByte: number | undefined;
  #maxGap = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    limits: DeadlineLimits,
    onExpire: (why: DeadlineExpiry) => void,
    now: () => number = () => performance.now(),
  ) {
    this.limits = limits;
    this.#onExpire = onExpire;
    this.#now = now;
    this.#started = now();
    this.#last = this.#started;
    this.#arm(Math.min(limits.idleMs, limits.totalMs));
  }

  /** Time from sending to the first byte of the body, once it arrived. */
  get firstByteMs(): number | undefined {
    return this.#firstByte;
  }

  /** Something arrived: the silence ends here. */
  touch(body = true): void {
    const now = this.#now();
    const gap = now - this.#last;
    if (gap > this.#maxGap) this.#maxGap = gap;
    this.#last = now;
    if (body && this.#firstByte === undefined) this.#firstByte = now - this.#started;
  }

  stop(): ExchangeTiming {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    return {
      firstByteMs: this.#firstByte,
      maxGapMs: this.#maxGap,
      totalMs: this.#now() - this.#started,
    };
  }

  #arm(delayMs: number): void {
    // Never more than a day: setTimeout wraps around past 2^31 ms.
    this.#timer = setTimeout(() => this.#check(), Math.max(1, Math.min(delayMs, 86_400_000)));
  }

  #check(): void {
    this.#timer = undefined;
    const now = this.#now();
    const idle = now - this.#last;
    const total = now - this.#started;
    if (total >= this.limits.totalMs) return this.#expire('total');
    if (idle >= this.limits.idleMs) return this.#expire('idle');
    this.#arm(Math.min(this.limits.idleMs - idle, this.limits.totalMs - total));
  }

  #expire(why: DeadlineExpiry): void {
    this.expired = why;
    const gap = this.#now() - this.#last;
    if (gap > this.#maxGap) this.#maxGap = gap;
    this.#onExpire(why);
  }
}
