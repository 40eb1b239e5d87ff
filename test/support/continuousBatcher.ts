/**
 * A GPU server's scheduler in miniature, after vLLM's (v1) continuous batching: sequences wait in
 * arrival order; each engine step admits waiting ones while fewer than `maxNumSeqs` run and the
 * step's token budget (`maxNumBatchedTokens`, chunked prefill) allows, then every running sequence
 * whose prompt is prefilled gains one token. A step costs `stepBaseMs + perSeqMs × running +
 * perPrefillTokenMs × prefill tokens`, so a fuller batch is slower per step but faster in total.
 * A request with n choices is n sequences (vLLM fans `n` out into child requests).
 *
 * Steps run on a clock of their own: a timer that fires late runs every step that should have
 * ended meanwhile, in order, so event-loop lag in the test process is never mistaken for idle GPU
 * time. Tokens produced by such a catch-up reach the client as one merged delta, as vLLM merges
 * outputs its HTTP layer has not taken yet.
 */
export interface BatcherOptions {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  stepBaseMs: number;
  perSeqMs: number;
  perPrefillTokenMs: number;
  /** Tokens buffered per sequence before a delta goes out (vLLM `--stream-interval`). */
  streamInterval: number;
}

export const defaultBatcherOptions: BatcherOptions = {
  maxNumSeqs: 256,
  maxNumBatchedTokens: 8192,
  stepBaseMs: 8,
  perSeqMs: 0.08,
  perPrefillTokenMs: 0,
  streamInterval: 1,
};

/** What one sequence has produced since its last delta. */
export interface SequenceOutput {
  /** Tokens in this delta. */
  tokens: number;
  /** Total tokens produced so far. */
  produced: number;
  finished: boolean;
}

export interface SequenceSpec {
  promptTokens: number;
  /** Tokens this sequence will produce before it stops (the reply's length, capped by max_tokens). */
  outputTokens: number;
  /** Receives deltas; the last one has `finished`. */
  onOutput: (output: SequenceOutput) => void;
}

interface Sequence extends SequenceSpec {
  arrivedAt: number;
  prefilled: number;
  produced: number;
  pending: number;
  firstTokenAt?: number;
  done: boolean;
}

export interface BatcherStats {
  running: number;
  waiting: number;
  generatedTokens: number;
  promptTokens: number;
  /** Sum and count of times to first token (seconds), as vLLM's histogram exposes them. */
  ttftSumS: number;
  ttftCount: number;
  steps: number;
}

export class ContinuousBatcher {
  readonly options: BatcherOptions;
  readonly #now: () => number;
  #waiting: Sequence[] = [];
  #waitingHead = 0;
  #running: Sequence[] = [];
  #stepEnd = 0;
  #stepPrefill = new Map<Sequence, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generated = 0;
  #prompt = 0;
  #ttftSum = 0;
  #ttftCount = 0;
  #steps = 0;
  #closed = false;

  constructor(options: Partial<BatcherOptions> = {}, now: () => number = () => performance.now()) {
    this.options = { ...defaultBatcherOptions, ...options };
    this.#now = now;
  }

  /** Queues a sequence; returns a function that aborts it (the client went away). */
  add(spec: SequenceSpec): () => void {
    const seq: Sequence = {
      ...spec,
      arrivedAt: this.#now(),
      prefilled: 0,
      produced: 0,
      pending: 0,
      done: false,
    };
    if (seq.outputTokens <= 0) {
      seq.done = true;
      queueMicrotask(() => spec.onOutput({ tokens: 0, produced: 0, finished: true }));
      return () => {};
    }
    this.#waiting.push(seq);
    this.#wake();
    return () => {
      seq.done = true;
    };
  }

  stats(): BatcherStats {
    return {
      running: this.#running.filter((s) => !s.done).length,
      waiting: this.#waiting.length - this.#waitingHead,
      generatedTokens: this.#generated,
      promptTokens: this.#prompt,
      ttftSumS: this.#ttftSum / 1000,
      ttftCount: this.#ttftCount,
      steps: this.#steps,
    };
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #idle(): boolean {
    return this.#running.length === 0 && this.#waitingHead >= this.#waiting.length;
  }

  #wake(): void {
    if (this.#timer !== undefined || this.#closed) return;
    const now = this.#now();
    // An idle engine starts its next step when work arrives, not at a stale step boundary.
    if (this.#stepEnd < now) this.#startStep(now);
    this.#arm(now);
  }

  #arm(now: number): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, this.#stepEnd - now));
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const now = this.#now();
    const touched = new Set<Sequence>();
    while (this.#stepEnd <= now) {
      this.#finishStep(touched);
      if (this.#idle()) break;
      this.#startStep(this.#stepEnd);
    }
    for (const seq of touched) this.#flush(seq);
    if (!this.#idle()) this.#arm(now);
  }

  /** Admits waiting sequences that had arrived by `start` and books the step's duration. */
  #startStep(start: number): void {
    this.#running = this.#running.filter((s) => !s.done);
    const o = this.options;
    let budget = o.maxNumBatchedTokens;
    this.#stepPrefill.clear();
    let prefillTokens = 0;
    // Running sequences still prefilling continue first (chunked prefill), then decodes.
    for (const seq of this.#running) {
      if (seq.prefilled < seq.promptTokens) {
        const chunk = Math.min(budget, seq.promptTokens - seq.prefilled);
        if (chunk > 0) this.#stepPrefill.set(seq, chunk);
        budget -= chunk;
        prefillTokens += chunk;
      } else budget -= 1;
    }
    while (this.#waitingHead < this.#waiting.length && this.#running.length < o.maxNumSeqs) {
      const seq = this.#waiting[this.#waitingHead]!;
      if (seq.done) {
        this.#waitingHead++;
        continue;
      }
      if (seq.arrivedAt > start || budget <= 0) break;
      this.#waitingHead++;
      const chunk = Math.min(budget, seq.promptTokens);
      this.#stepPrefill.set(seq, chunk);
      budget -= chunk;
      prefillTokens += chunk;
      this.#running.push(seq);
    }
    if (this.#waitingHead > 4096 && this.#waitingHead * 2 > this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#waitingHead);
      this.#waitingHead = 0;
    }
    this.#stepEnd =
      start +
      o.stepBaseMs +
      o.perSeqMs * this.#running.length +
      o.perPrefillTokenMs * prefillTokens;
  }

  #finishStep(touched: Set<Sequence>): void {
    this.#steps++;
    for (const seq of this.#running) {
      if (seq.done) continue;
      const chunk = this.#stepPrefill.get(seq);
      if (chunk !== undefined) {
        seq.prefilled += chunk;
        this.#prompt += chunk;
        // The step that completes a prompt's prefill also samples its first token.
        if (seq.prefilled < seq.promptTokens) continue;
      }
      seq.produced += 1;
      seq.pending += 1;
      this.#generated += 1;
      if (seq.firstTokenAt === undefined) {
        seq.firstTokenAt = this.#stepEnd;
        this.#ttftSum += this.#stepEnd - seq.arrivedAt;
        this.#ttftCount += 1;
      }
      touched.add(seq);
      if (seq.produced >= seq.outputTokens) seq.done = true;
    }
  }

  /** Sends what a sequence made since its last delta: every `streamInterval` tokens, and at the end. */
  #flush(seq: Sequence): void {
    const finished = seq.produced >= seq.outputTokens;
    if (!finished && seq.pending < this.options.streamInterval) return;
    const tokens = seq.pending;
    seq.pending = 0;
    seq.onOutput({ tokens, produced: seq.produced, finished });
  }
}
