/**
 * The pace of one CLI session: stored attempts, kept pairs and tokens per second over the last
 * `windowMs` of the session (over the whole session while it is younger than that).
 *
 * A fleet run keeps hundreds of attempts in flight and stores them strictly in order, so they
 * arrive in bursts about one attempt's latency apart, the first burst only after a whole
 * attempt's latency. The studio's pace (the newest 64 stored attempts, timed by when each
 * question was generated) then swings with every burst and starts far too fast; minutes of
 * wall-clock time since the session began average the bursts out, so the ETA settles within
 * the first minutes. Per-second buckets keep the cost flat however fast attempts are stored.
 */
import type { Pace, PaceSample } from '../../core/runs/runPace';
import type { EngineRole } from '../../core/pipeline/stageEngines';

interface Bucket {
  second: number;
  stored: number;
  kept: number;
  tokens: Partial<Record<EngineRole, number>>;
}

const SESSION_PACE_WINDOW_MS = 10 * 60_000;

export class SessionPace {
  readonly #start: number;
  readonly #windowMs: number;
  #buckets: Bucket[] = [];
  #stored = 0;

  constructor(start: number, windowMs = SESSION_PACE_WINDOW_MS) {
    this.#start = start;
    this.#windowMs = windowMs;
  }

  /** One stored attempt; `at` is when it was stored. */
  add(sample: PaceSample): void {
    const second = Math.floor(sample.at / 1000);
    let last = this.#buckets.at(-1);
    if (!last || last.second !== second) {
      last = { second, stored: 0, kept: 0, tokens: {} };
      this.#buckets.push(last);
    }
    last.stored += 1;
    if (sample.kept) last.kept += 1;
    for (const [role, n] of Object.entries(sample.tokens) as [EngineRole, number][])
      last.tokens[role] = (last.tokens[role] ?? 0) + n;
    this.#stored += 1;
    this.#prune(sample.at);
  }

  /** Undefined until two attempts were stored in this session. */
  pace(now: number): Pace | undefined {
    if (this.#stored < 2) return undefined;
    this.#prune(now);
    const spanMs = Math.max(1000, Math.min(this.#windowMs, now - this.#start));
    const from = Math.floor((now - spanMs) / 1000);
    let stored = 0;
    let kept = 0;
    const tokens: Partial<Record<EngineRole, number>> = {};
    for (const b of this.#buckets) {
      if (b.second < from) continue;
      stored += b.stored;
      kept += b.kept;
      for (const [role, n] of Object.entries(b.tokens) as [EngineRole, number][])
        tokens[role] = (tokens[role] ?? 0) + n;
    }
    const seconds = spanMs / 1000;
    const tokensPerS: Partial<Record<EngineRole, number>> = {};
    for (const [role, n] of Object.entries(tokens) as [EngineRole, number][])
      tokensPerS[role] = n / seconds;
    return { attemptsPerS: stored / seconds, keptPerS: kept / seconds, tokensPerS, seconds };
  }

  #prune(now: number): void {
    const from = Math.floor((now - this.#windowMs) / 1000);
    let drop = 0;
    while (drop < this.#buckets.length && this.#buckets[drop]!.second < from) drop++;
    if (drop) this.#buckets = this.#buckets.slice(drop);
  }
}
