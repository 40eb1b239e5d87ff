import type { LlmEngine } from '../ports/llmEngine';
import type { SolutionScorer } from '../ports/solutionScorer';
import { EngineGate } from './engineGate';
import { mapDistinct, stageEngines, type EngineRole, type StageEngines } from './stageEngines';
import { OrderedDuplicates } from './orderedDuplicates';
import type { PipelineListener } from './pipelineEvents';
import { MemoryExactDuplicates, StoreExactDuplicates } from './exactDuplicates';
import type { ContaminationChecker, DuplicateChecker } from '../ports/checkers';
import { processQuestion, type AttemptPorts, type ProcessedQuestion } from './processQuestion';
import type { RunProgress } from './records';
import { attemptsWanted } from './attemptsWanted';
import { attemptLimit, withConfigDefaults, type RunConfig } from './runConfig';
import type { RunStore } from '../ports/runStore';
import { selectionScorer } from './selectionScorer';
import { requestSeed } from './seeds';

export interface RunPipelineOptions {
  runId: string;
  config: RunConfig;
  /** The engine for every role not given in `engines`. */
  engine: LlmEngine;
  /** Per-role engines (e.g. generate locally, solve remotely); missing roles use `engine`. */
  engines?: Partial<Record<EngineRole, LlmEngine>>;
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
  /**
   * Solution scorer for selection (e.g. a remote reward model); default when the config asks for
   * a scorer: the score engine as a 1–10 judge (also the fallback for 'reward-model').
   */
  scorer?: SolutionScorer;
}

/** What one attempt's stages reach beyond the engines: duplicates, contamination, scorer. */
function attemptPorts(
  options: RunPipelineOptions,
  config: RunConfig,
  duplicates: OrderedDuplicates,
  engines: StageEngines,
  index: number,
): AttemptPorts {
  const { scorer } = selectionScorer(
    config.selection,
    options.scorer,
    engines.score,
    requestSeed(engines.score.info, config.seed, index),
  );
  return {
    duplicates,
    ...(options.contamination ? { contamination: options.contamination } : {}),
    ...(scorer ? { scorer } : {}),
  };
}

/**
 * Runs (or resumes) a run until it has kept `targetPairs` questions or used `maxAttempts`.
 *
 * Up to `concurrency + lookAhead` attempts run at once, so while one question is judged or
 * solved the next one's generation is already queued and the engine never waits on CPU stages;
 * a new attempt starts whenever any finishes, fewer run once the run's keep rate says fewer will
 * do (attemptsWanted), and none starts once the finished ones reach the target.
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

  // One gate per distinct engine: each backend gets `concurrency` slots, oldest attempt first.
  const gates = new Map<LlmEngine, EngineGate>();
  const roles = stageEngines(options.engine, options.engines);
  const onActive = (index: number, active: boolean) => emit({ type: 'engine', index, active });
  for (const e of new Set(Object.values(roles)))
    gates.set(e, new EngineGate(e, config.concurrency, onActive));
  const duplicates = new OrderedDuplicates(
    options.duplicates ?? new StoreExactDuplicates(store),
    options.pendingDuplicates?.() ?? new MemoryExactDuplicates(),
    progress.attempts,
  );
  const results = new Map<number, Promise<ProcessedQuestion>>();
  const width = config.concurrency + config.lookAhead;
  // Finished attempts wait here until every earlier one is stored; this bounds that backlog.
  const backlog = width * 4;
  const maxAttempts = attemptLimit(config);
  let next = progress.attempts;
  let running = 0;
  let keptUnsaved = 0;
  const start = (index: number) => {
    const engines = mapDistinct(roles, (e) => gates.get(e)!.for(index));
    const attempt = processQuestion({
      runId,
      index,
      config,
      engines,
      ports: attemptPorts(options, config, duplicates, engines, index),
      emit,
      now,
      signal: stop.signal,
    });
    running++;
    results.set(index, attempt);
    attempt.then(
      (done) => {
        running--;
        if (done.question.status === 'kept') keptUnsaved++;
        pump();
      },
      () => running--,
    );
  };
  // Keeps up to `width` attempts running (fewer near the target); a new one starts as soon as
  // any finishes, not only the oldest.
  const wanted = () =>
    attemptsWanted({
      width,
      lookAhead: config.lookAhead,
      targetPairs: config.targetPairs,
      kept: progress.kept,
      attempts: progress.attempts,
      keptUnsaved,
    });
  const pump = () => {
    while (
      !stop.signal.aborted &&
      running < wanted() &&
      next < maxAttempts &&
      next < progress.attempts + backlog
    )
      start(next++);
  };

  try {
    while (progress.kept < config.targetPairs && progress.attempts < maxAttempts) {
      signal?.throwIfAborted();
      pump();
      const index = progress.attempts;
      const processed = await results.get(index)!;
      results.delete(index);
      signal?.throwIfAborted();
      const q = processed.question;
      if (q.status === 'kept') keptUnsaved--;
      progress = await store.saveQuestion(q, processed.solutions);
      await duplicates.stored(index, q.status === 'kept' ? { id: q.id, text: q.text } : null);
      emit({ type: 'stored', question: q, progress });
    }
  } finally {
    // Attempts past the target (or after a failure) are abandoned unstored.
    stop.abort();
    duplicates.close(stop.signal.reason);
    signal?.removeEventListener('abort', forward);
    await Promise.allSettled(results.values());
  }
  emit({
    type: 'finished',
    outcome: progress.kept >= config.targetPairs ? 'target-reached' : 'attempts-exhausted',
    progress,
  });
  return progress;
}
