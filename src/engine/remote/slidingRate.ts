/** Sum of amounts per second over the last `windowMs` (tokens/s, requests/s). */
export class SlidingRate {
  readonly #windowMs: number;
  readonly #events: { at: number; amount: number }[] = [];
  #head = 0;
  #sum = 0;
  #firstAt: number | undefined;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  add(amount: number, now: number): void {
    this.#firstAt ??= now;
    this.#events.push({ at: now, amount });
    this.#sum += amount;
    this.#prune(now);
  }

  /** Per second; a young window is divided by its real span so the first seconds are not diluted. */
  perSecond(now: number): number {
    this.#prune(now);
    if (this.#firstAt === undefined) return 0;
    const span = Math.min(this.#windowMs, Math.max(now - this.#firstAt, 1000));
    return (this.#sum * 1000) / span;
  }

  #prune(now: number): void {
    const from = now - this.#windowMs;
    while (this.#head < this.#events.length && this.#events[this.#head]!.at < from) {
      this.#sum -= this.#events[this.#head]!.amount;
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#events.length) {
      this.#events.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
