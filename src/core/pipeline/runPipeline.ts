import type { LlmEngine } from '../../engine/llmEngine';
import { LocalJudgeScorer, type SolutionScorer } from '../judge/solutionScorer';
import { EngineGate } from './engineGate';
import { OrderedDuplicates } from './orderedDuplicates';
import type { PipelineListener } from './pipelineEvents';
import {
  MemoryExactDuplicates,
  StoreExactDuplicates,
  type ContaminationChecker,
  type DuplicateChecker,
} from './ports';
import { processQuestion, type ProcessedQuestion } from './processQuestion';
import type { RunProgress } from './records';
import { withConfigDefaults, type RunConfig } from './runConfig';
import type { RunStore } from './runStore';

export interface RunPipelineOptions {
  runId: string;
  config: RunConfig;
  engine: LlmEngine;
  store: RunStore;
  onEvent?: PipelineListener;
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Project-wide index of kept questions (e.g. MinHash-LSH), already holding every kept
   * question; the runner adds the ones it keeps. Default: exact keys through the store.
   */
  duplicates?: DuplicateChecker;
  /** An empty index with the same matching rules, for questions still in flight. Default: exact keys. */
  pendingDuplicates?: () => DuplicateChecker;
  /** Reference-set overlap; without it the contamination stage is skipped. */
  contamination?: ContaminationChecker;
  /** Solution scorer for selection; default: the run's engine as a 1–10 judge when configured. */
  scorer?: SolutionScorer;
}

/**
 * Runs (or resumes) a run until it has kept `targetPairs` questions or used `maxAttempts`.
 *
 * Up to `concurrency + lookAhead` attempts are in flight, so while one question is judged or
 * solved the next one's generation is already queued and the engine never waits on CPU stages.
 * Results are stored strictly in attempt order: `progress.attempts` then always covers a
 * contiguous prefix, an interruption loses only attempts in flight (redone under the same ids
 * and seeds), and the kept set is the one a one-at-a-time run would produce.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunProgress> {
  const { runId, store, signal } = options;
  const config = withConfigDefaults(options.config);
  const emit = options.onEvent ?? (() => {});
  const now = options.now ?? Date.now;
  let progress = await store.loadProgress(runId);
  const stop = new AbortController();
  const forward = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  if (signal?.aborted) forward();

  const gate = new EngineGate(options.engine, config.concurrency);
  const duplicates = new OrderedDuplicates(
    options.duplicates ?? new StoreExactDuplicates(store),
    options.pendingDuplicates?.() ?? new MemoryExactDuplicates(),
    progress.attempts,
  );
  const inFlight = new Map<number, Promise<ProcessedQuestion>>();
  const start = (index: number) => {
    const engine = gate.for(index);
    const scorer =
      options.scorer ??
      (config.selection.scorer === 'local-judge'
        ? new LocalJudgeScorer(engine, config.selection.scorerMaxTokens, config.seed + index)
        : undefined);
    const ports = {
      duplicates,
      ...(options.contamination ? { contamination: options.contamination } : {}),
      ...(scorer ? { scorer } : {}),
    };
    const attempt = processQuestion({
      runId,
      index,
      config,
      engine,
      ports,
      emit,
      now,
      signal: stop.signal,
    });
    // Awaited later, in order; until then a failure must not count as unhandled.
    attempt.catch(() => {});
    inFlight.set(index, attempt);
  };

  try {
    let next = progress.attempts;
    const width = config.concurrency + config.lookAhead;
    while (progress.kept < config.targetPairs && progress.attempts < config.maxAttempts) {
      signal?.throwIfAborted();
      while (next < config.maxAttempts && next < progress.attempts + width) start(next++);
      const index = progress.attempts;
      const processed = await inFlight.get(index)!;
      inFlight.delete(index);
      signal?.throwIfAborted();
      progress = await store.saveQuestion(processed.question, processed.solutions);
      const q = processed.question;
      await duplicates.stored(index, q.status === 'kept' ? { id: q.id, text: q.text } : null);
      emit({ type: 'stored', question: q, progress });
    }
  } finally {
    // Attempts past the target (or after a failure) are abandoned unstored.
    stop.abort();
    duplicates.close(stop.signal.reason);
    signal?.removeEventListener('abort', forward);
    await Promise.allSettled(inFlight.values());
  }
  emit({
    type: 'finished',
    outcome: progress.kept >= config.targetPairs ? 'target-reached' : 'attempts-exhausted',
    progress,
  });
  return progress;
}
