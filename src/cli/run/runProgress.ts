import type { PipelineEvent } from '../../core/pipeline/pipelineEvents';
import type { RunProgress } from '../../core/pipeline/records';

export interface ProgressOptions {
  write: (line: string) => void;
  targetPairs: number;
  maxAttempts: number;
  now?: () => number;
}

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
 * One stderr line per stored attempt: what happened to it, then kept/attempts, rejections by
 * stage, tokens per second and the ETA, both measured over this session only (a resumed run's
 * earlier sessions say nothing about the current servers).
 */
export class ProgressReporter {
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  #started: number | undefined;
  #startKept = 0;
  #startTokens = 0;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(progress: RunProgress): void {
    this.#started = this.#now();
    this.#startKept = progress.kept;
    this.#startTokens = progress.promptTokens + progress.completionTokens;
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
    const keptNow = progress.kept - this.#startKept;
    const eta = keptNow > 0 ? ((targetPairs - progress.kept) * elapsedS) / keptNow : Number.NaN;
    return (
      `kept ${progress.kept}/${targetPairs} · attempts ${progress.attempts}/${maxAttempts} · ` +
      `rejected ${rejectedSummary(progress)} · ${Math.round(tokens / elapsedS)} tok/s · ETA ${duration(eta)}`
    );
  }
}
