import type { LlmEngine } from '../../engine/llmEngine';
import { processQuestion } from './processQuestion';
import type { RunConfig } from './runConfig';
import type { RunStore } from './runStore';
import type { PipelineListener } from './pipelineEvents';
import type { RunProgress } from './records';

export interface RunPipelineOptions {
  runId: string;
  config: RunConfig;
  engine: LlmEngine;
  store: RunStore;
  onEvent?: PipelineListener;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Runs (or resumes) a run until it has kept `targetPairs` questions or used `maxAttempts`.
 * Each attempt is stored in one transaction once complete, so an interruption loses only the
 * attempt in flight, which the next call redoes under the same id.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunProgress> {
  const { runId, config, engine, store, signal } = options;
  const emit = options.onEvent ?? (() => {});
  const now = options.now ?? Date.now;
  let progress = await store.loadProgress(runId);
  while (progress.kept < config.targetPairs && progress.attempts < config.maxAttempts) {
    signal?.throwIfAborted();
    const index = progress.attempts;
    const processed = await processQuestion({
      runId,
      index,
      config,
      engine,
      store,
      emit,
      now,
      ...(signal ? { signal } : {}),
    });
    signal?.throwIfAborted();
    progress = await store.saveQuestion(processed.question, processed.solutions);
    emit({ type: 'stored', question: processed.question, progress });
  }
  emit({
    type: 'finished',
    outcome: progress.kept >= config.targetPairs ? 'target-reached' : 'attempts-exhausted',
    progress,
  });
  return progress;
}
