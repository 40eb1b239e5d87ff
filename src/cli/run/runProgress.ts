import type { PipelineEvent } from '../../core/pipeline/pipelineEvents';
import type { RunProgress } from '../../core/pipeline/records';
import { paceSampleOf } from '../../core/runs/runAggregates';
import { addPaceSample, etaText, paceOf, runEta, type PaceSample } from '../../core/runs/runPace';

export interface ProgressOptions {
  write: (line: string) => void;
  targetPairs: number;
  maxAttempts: number;
  /** What degraded so far, in one phrase ('' when nothing). */
  degradation?: () => string;
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

/**
 * One stderr line per stored attempt: what happened to it, then kept/attempts, rejections by
 * stage, tokens per second and the ETA — the studio's one ETA model (core/runs/runPace.ts, over
 * the newest stored attempts, so it settles once the fleet is warm), measured over the attempts
 * stored in this session (a resumed run's earlier sessions say nothing about the current
 * servers) — and what degraded so far.
 */
export class ProgressReporter {
  readonly #options: ProgressOptions;
  #samples: PaceSample[] = [];

  constructor(options: ProgressOptions) {
    this.#options = options;
  }

  /** A new session: the pace is measured from the attempts it stores. */
  start(_progress: RunProgress): void {
    this.#samples = [];
  }

  onEvent = (event: PipelineEvent): void => {
    if (event.type !== 'stored') return;
    const { question: q, progress } = event;
    this.#samples = addPaceSample(this.#samples, paceSampleOf(q, []));
    const what = q.status === 'kept' ? 'kept' : `rejected at ${q.rejectedAt ?? '?'}`;
    this.#options.write(`attempt ${q.index + 1}: ${what} · ${this.status(progress)}`);
  };

  status(progress: RunProgress): string {
    const { targetPairs, maxAttempts } = this.#options;
    const pace = paceOf(this.#samples);
    const tokensPerS = pace
      ? Object.values(pace.tokensPerS).reduce((sum, n) => sum + n, 0)
      : undefined;
    const eta = runEta({
      status: 'running',
      kept: progress.kept,
      target: targetPairs,
      attempts: progress.attempts,
      maxAttempts,
      samples: this.#samples,
    });
    const degraded = this.#options.degradation?.() ?? '';
    return (
      `kept ${progress.kept}/${targetPairs} · attempts ${progress.attempts}/${maxAttempts} · ` +
      `rejected ${rejectedSummary(progress)} · ` +
      `${tokensPerS === undefined ? '?' : Math.round(tokensPerS)} tok/s · ETA ${etaText(eta)}` +
      (degraded ? ` · ${degraded}` : '')
    );
  }
}
