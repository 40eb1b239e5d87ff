/**
 * Concurrency limit for one endpoint, fitted to continuous batching (vLLM, SGLang): such a server
 * runs hundreds of sequences at once, and time per token rises with the batch by design, so that
 * is not a signal. The limit grows while the endpoint is used and shows no backpressure, and
 * stops or shrinks on the signs a batching server really gives when full:
 * - requests the server has not started yet. A streamed answer's first byte says the server
 *   admitted the request into its batch; our requests still without one are waiting in its
 *   queue. Growth stops while more than `waitingTolerance` of them wait, so the limit settles at
 *   what the batch holds plus a small queue that refills it at once — instead of piling up a
 *   queue (seen otherwise only when those requests finally start) whose waits outgrow every
 *   deadline. With the server's metrics read, this holds growth only when half the limit waits;
 * - the server's own queue (vLLM `/metrics` `vllm:num_requests_waiting`, SGLang's, when the pool
 *   reads it): no growth while more than an eighth of its batch waits, and a queue longer than half
 *   its batch cuts the limit to our share of what the server runs (at most halving per reading);
 * - time to first token far above the recent best (queueing before prefill): one step down,
 *   only while the server's metrics are not read (a busy client reads first bytes late too, and
 *   the metrics say what the server queues);
 * - 429 / 503 / timeouts: multiplied down (overload), once per round of requests: answers to
 *   requests sent before the last cut are old news and do not cut again.
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
  /** Time to first token above twice `ttftTolerance` × recent best + `ttftSlackMs` means queueing. */
  ttftTolerance: number;
  ttftSlackMs: number;
  /**
   * Requests waiting on the server (ours not yet started, or its own queue from metrics)
   * tolerated before growth stops: they keep the batch topped up.
   */
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
  #running: number | undefined;
  #sinceDecrease = Number.POSITIVE_INFINITY;
  /** The limit when the server's metrics were last read. */
  #limitAtReading = 0;
  /** Requests handed out so far, and the first one sent after the last overload cut. */
  #sent = 0;
  #cutFrom = 0;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.#options = { ...defaultLimitOptions, ...options };
    this.#limit = clamp(this.#options.initial, this.#options.min, this.#options.max);
  }

  get value(): number {
    return this.#limit;
  }

  /** The server's own queue length, read from its metrics (undefined: unknown). */
  set waiting(value: number | undefined) {
    this.serverQueue(value, undefined, this.#limit);
  }

  /**
   * What the server's metrics say: sequences waiting and running (a request with n choices is n
   * sequences there, so both are compared with what runs, not with our request counts). A queue
   * above an eighth of the batch holds growth; one above half the batch means the limit overshot,
   * and it is cut to our share of what the server runs plus that eighth — at most halved per
   * reading, as one reading of a busy server can catch a burst of arrivals. With only the queue
   * known, a long one takes one step down.
   * @param inFlight our requests on the endpoint now
   */
  serverQueue(waiting: number | undefined, running: number | undefined, inFlight: number): void {
    this.#waiting = waiting;
    this.#running = running;
    this.#cutForQueue(waiting, running, inFlight);
    this.#limitAtReading = this.#limit;
  }

  #cutForQueue(waiting: number | undefined, running: number | undefined, inFlight: number): void {
    const tolerance = this.#options.waitingTolerance;
    if (waiting === undefined) return;
    if (running === undefined || running <= 0) {
      if (waiting > tolerance * 4) this.#set(this.#limit - 1);
      return;
    }
    if (waiting <= Math.max(tolerance * 4, running / 2)) return;
    const used = Math.min(this.#limit, Math.max(1, inFlight));
    const share = Math.ceil((used * (running + running / 8)) / (running + waiting));
    this.#set(Math.min(this.#limit - 1, Math.max(share, Math.floor(this.#limit / 2))));
  }

  /** A request goes out; the ticket tells its overload apart from those of older requests. */
  onSent(): number {
    return this.#sent++;
  }

  get waiting(): number | undefined {
    return this.#waiting;
  }

  /**
   * The server took a request: its first byte arrived (streamed) or it answered (otherwise).
   * @param ttftMs time to the first byte, when streamed (undefined otherwise)
   * @param inFlight requests running on the endpoint at that moment (this one included)
   * @param notStarted our requests on the endpoint still without a first byte (streamed only)
   */
  onAdmitted(ttftMs: number | undefined, inFlight: number, notStarted = 0): void {
    this.#sinceDecrease += 1;
    // Late first bytes only suggest queueing; the server's metrics, when read, say it directly.
    const pressure = this.#ttftPressure(ttftMs);
    if (pressure === 'high' && this.#waiting === undefined) return this.#decrease();
    // Only a limit that is actually used is evidence the server could take more.
    if (!this.#queued(notStarted) && inFlight * 2 >= this.#limit) this.#set(this.#limit + 1);
  }

  /**
   * Whether the server holds a queue of its own. Requests sent together wait for the same next
   * engine step, so a queue that small is no sign. Its metrics, when read, say it directly; our
   * requests without a first byte only suggest it, since a busy client reads first bytes late too.
   * So with metrics, ours hold growth only when half the limit waits, and growth between two
   * readings stops at double the limit the last one saw (no overshoot the next one finds late).
   */
  #queued(notStarted: number): boolean {
    const tolerance = this.#options.waitingTolerance;
    const waiting = this.#waiting;
    if (waiting === undefined) return notStarted > Math.max(tolerance, Math.ceil(this.#limit / 8));
    return (
      waiting > Math.max(tolerance, (this.#running ?? 0) / 8) ||
      notStarted > Math.max(tolerance, Math.ceil(this.#limit / 2)) ||
      this.#limit >= 2 * this.#limitAtReading
    );
  }

  /** 429 / 503 / timeout of the request with `ticket` (from `onSent`; none: always counts). */
  onOverload(ticket = Number.POSITIVE_INFINITY): void {
    if (ticket < this.#cutFrom) return;
    this.#cutFrom = this.#sent;
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

  #ttftPressure(ttftMs: number | undefined): 'none' | 'high' {
    if (ttftMs === undefined || !Number.isFinite(ttftMs) || ttftMs < 0) return 'none';
    this.#remember(ttftMs);
    const { ttftTolerance, ttftSlackMs } = this.#options;
    return ttftMs > 2 * (this.#bestTtft * ttftTolerance + ttftSlackMs) ? 'high' : 'none';
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
