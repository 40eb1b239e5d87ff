/**
 * Per-endpoint circuit breaker. Hand-written rather than taken from a resilience library because
 * the pool must ask, synchronously and without making a call, "may this endpoint take a request
 * now, and if not, when?" to pick the least-loaded endpoint.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** First wait before a half-open probe; doubles after each failed probe. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const defaultBreakerOptions: CircuitBreakerOptions = {
  failureThreshold: 5,
  cooldownMs: 5_000,
  maxCooldownMs: 60_000,
};

export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  #state: BreakerState = 'closed';
  #failures = 0;
  #cooldownMs: number;
  #openUntil = 0;
  #probing = false;

  constructor(options: CircuitBreakerOptions = defaultBreakerOptions) {
    this.#options = options;
    this.#cooldownMs = options.cooldownMs;
  }

  /** The state as of `now` (an open circuit whose cool-down ended reads as half-open). */
  state(now: number): BreakerState {
    if (this.#state === 'open' && now >= this.#openUntil) return 'half-open';
    return this.#state;
  }

  /** When an open circuit will admit its probe. */
  get openUntil(): number {
    return this.#openUntil;
  }

  /** Closed admits anything; half-open admits one probe at a time; open admits nothing. */
  canDispatch(now: number): boolean {
    const state = this.state(now);
    return state === 'closed' || (state === 'half-open' && !this.#probing);
  }

  onDispatch(now: number): void {
    if (this.state(now) === 'half-open') {
      this.#state = 'half-open';
      this.#probing = true;
    }
  }

  onSuccess(): void {
    this.#state = 'closed';
    this.#failures = 0;
    this.#probing = false;
    this.#cooldownMs = this.#options.cooldownMs;
  }

  /** Returns true when this failure opened (or re-opened) the circuit. */
  onFailure(now: number): boolean {
    this.#failures += 1;
    if (this.#state === 'half-open' && this.#probing) {
      this.#probing = false;
      this.#cooldownMs = Math.min(this.#options.maxCooldownMs, this.#cooldownMs * 2);
      return this.#open(now);
    }
    if (this.#state === 'closed' && this.#failures >= this.#options.failureThreshold) {
      return this.#open(now);
    }
    return false;
  }

  /** A probe that ended without a verdict (cancelled) frees the half-open slot. */
  onNeutral(): void {
    this.#probing = false;
  }

  #open(now: number): true {
    this.#state = 'open';
    this.#openUntil = now + this.#cooldownMs;
    return true;
  }
}
