import type { PipelineEvent } from '../../core/pipeline/pipelineEvents';
import type { RunProgress } from '../../core/pipeline/records';
import { paceSampleOf } from '../../core/runs/runAggregates';
import { etaAtPace, etaText } from '../../core/runs/runPace';
import { SessionPace } from './sessionPace';

export interface ProgressOptions {
  write: (line: string) => void;
  targetPairs: number;
  maxAttempts: number;
  /** What degraded so far, in one phrase ('' when nothing). */
  degradation?: () => string;
  /** A line per stored attempt (--verbose); a fleet stores thousands a second. */
  perAttempt?: boolean;
  /** A progress line at most this often while attempts are being stored (ms; 0: none). */
  everyMs?: number;
  now?: () => number;
}

/** `2026-12-05 07:41:03Z`: sortable, unambiguous across midnight and machines. */
export function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** `dedup 4, judge 2` */
export function rejectedSummary(progress: RunProgress): string {
  const parts = Object.entries(progress.rejected)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([stage, n]) => `${stage} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

export const DEFAULT_PROGRESS_EVERY_MS = 5_000;

/**
 * The run's progress on stderr: every few seconds (`everyMs`, when `tick` is called) a line with
 * kept/attempts, what was stored since the last line, rejections by stage, tokens per second and
 * the ETA — the studio's one extrapolation (core/runs/runPace.ts) at the pace of this session
 * (sessionPace.ts: minutes of wall-clock time, so it settles within the first minutes even when
 * hundreds of attempts are in flight; a resumed run's earlier sessions say nothing about the
 * current servers) — and what degraded so far. A line per stored attempt only when asked
 * (`perAttempt`): at fleet rates that is thousands of lines a second.
 */
export class ProgressReporter {
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  #pace: SessionPace;
  #latest: RunProgress | undefined;
  #lastLineAt = 0;
  #storedSinceLine = 0;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pace = new SessionPace(this.#now());
    this.#lastLineAt = this.#now();
  }

  /** A new session: the pace is measured, and progress lines are timed, from now. */
  start(): void {
    this.#pace = new SessionPace(this.#now());
    this.#lastLineAt = this.#now();
  }

  onEvent = (event: PipelineEvent): void => {
    if (event.type !== 'stored') return;
    const { question: q, progress } = event;
    this.#pace.add({ ...paceSampleOf(q, []), at: this.#now() });
    this.#latest = progress;
    this.#storedSinceLine += 1;
    if (!this.#options.perAttempt) return;
    const what = q.status === 'kept' ? 'kept' : `rejected at ${q.rejectedAt ?? '?'}`;
    this.#options.write(`attempt ${q.index + 1}: ${what} · ${this.status(progress)}`);
  };

  /** Writes a progress line when one is due and attempts were stored since the last one. */
  tick(): void {
    const everyMs = this.#options.everyMs ?? DEFAULT_PROGRESS_EVERY_MS;
    const now = this.#now();
    if (everyMs <= 0 || !this.#latest || this.#storedSinceLine === 0) return;
    if (now - this.#lastLineAt < everyMs) return;
    const since = Math.max(1, Math.round((now - this.#lastLineAt) / 1000));
    this.#options.write(
      `progress: ${this.status(this.#latest)} · +${this.#storedSinceLine} stored in ${since} s`,
    );
    this.#lastLineAt = now;
    this.#storedSinceLine = 0;
  }

  status(progress: RunProgress): string {
    const { targetPairs, maxAttempts } = this.#options;
    const pace = this.#pace.pace(this.#now());
    const tokensPerS = pace
      ? Object.values(pace.tokensPerS).reduce((sum, n) => sum + n, 0)
      : undefined;
    const eta = etaAtPace(
      {
        status: 'running',
        kept: progress.kept,
        target: targetPairs,
        attempts: progress.attempts,
        maxAttempts,
      },
      pace,
    );
    const degraded = this.#options.degradation?.() ?? '';
    return (
      `kept ${progress.kept}/${targetPairs} · attempts ${progress.attempts}/${maxAttempts} · ` +
      `rejected ${rejectedSummary(progress)} · ` +
      `${tokensPerS === undefined ? '?' : Math.round(tokensPerS)} tok/s · ETA ${etaText(eta)}` +
      (degraded ? ` · ${degraded}` : '')
    );
  }
}
