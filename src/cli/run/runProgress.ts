import type { PipelineEvent } from '../../core/pipeline/pipelineEvents';
import type { RunProgress } from '../../core/pipeline/records';

export interface ProgressOptions {
  write: (line: string) => void;
  targetPairs: number;
  maxAttempts: number;
  /** What degraded so far, in one phrase ('' when nothing). */
  degradation?: () => string;
  now?: () => number;
}

/** `2026-12-05 07:41:03Z`: sortable, unambiguous across midnight and machines. */
export function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** Kept pairs per second are measured over this recent window once the run is older than it. */
const ETA_WINDOW_MS = 5 * 60_000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `dedup 4, judge 2` */
export function rejectedSummary(progress: RunProgress): string {
  const parts = Object.entries(progress.rejected)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([stage, n]) => `${stage} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * One stderr line per stored attempt: what happened to it, then kept/attempts,
 * rejections by stage, tokens per second and the ETA, both measured over this session only (a
 * resumed run's earlier sessions say nothing about the current servers). The ETA uses the kept
 * rate of the last five minutes, so it settles once the fleet is warm instead of carrying the
 * slow start for the whole run.
 */
export class ProgressReporter {
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  #started: number | undefined;
  #startTokens = 0;
  /** (time, kept) samples for the windowed rate; oldest first. */
  readonly #keptAt: { at: number; kept: number }[] = [];

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(progress: RunProgress): void {
    this.#started = this.#now();
    this.#startTokens = progress.promptTokens + progress.completionTokens;
    this.#keptAt.push({ at: this.#started, kept: progress.kept });
  }

  onEvent = (event: PipelineEvent): void => {
    if (event.type !== 'stored') return;
    const { question: q, progress } = event;
    const what = q.status === 'kept' ? 'kept' : `rejected at ${q.rejectedAt ?? '?'}`;
    this.#options.write(`attempt ${q.index + 1}: ${what} · ${this.status(progress)}`);
  };

  status(progress: RunProgress): string {
    const { targetPairs, maxAttempts } = this.#options;
    const elapsedS = Math.max(1e-3, (this.#now() - (this.#started ?? this.#now())) / 1000);
    const tokens = progress.promptTokens + progress.completionTokens - this.#startTokens;
    const rate = this.#keptRate(progress.kept);
    const degraded = this.#options.degradation?.() ?? '';
    const eta = rate > 0 ? (targetPairs - progress.kept) / rate : Number.NaN;
    return (
      `kept ${progress.kept}/${targetPairs} · attempts ${progress.attempts}/${maxAttempts} · ` +
      `rejected ${rejectedSummary(progress)} · ${Math.round(tokens / elapsedS)} tok/s · ETA ${duration(eta)}` +
      (degraded ? ` · ${degraded}` : '')
    );
  }

  /** Kept pairs per second over the last window (the whole session while it is younger). */
  #keptRate(kept: number): number {
    const now = this.#now();
    const samples = this.#keptAt;
    if (samples.length === 0 || kept > samples.at(-1)!.kept) samples.push({ at: now, kept });
    while (samples.length > 2 && now - samples[1]!.at >= ETA_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const spanS = (now - first.at) / 1000;
    return spanS > 0 ? (kept - first.kept) / spanS : 0;
  }
}
