import { runPipeline } from '../core/pipeline/runPipeline';
import type { PipelineListener } from '../core/pipeline/pipelineEvents';
import { isAbortError, EngineError, type EngineErrorData } from '../engine/engineError';
import type { LlmEngine } from '../engine/llmEngine';
import {
  OpenAiCompatibleEngine,
  type RemoteEndpointConfig,
} from '../engine/openai/openAiCompatibleEngine';
import { DexieRunStore } from '../db/dexieRunStore';
import { getRun, setRunStatus } from '../db/runRepository';
import type { RunBackend } from '../db/rows';
import type { StudioDb } from '../db/studioDb';
import { inThreadRunIndexes, pipelineIndexes, type RunIndexesFactory } from './runIndexes';
import { withConfigDefaults } from '../core/pipeline/runConfig';

export type RunOutcome =
  { status: 'done' | 'paused' } | { status: 'failed'; error: EngineErrorData };

export interface RunServiceDeps {
  db: StudioDb;
  /** The engine for a run's backend; undefined when it is not available (local model not loaded). */
  createEngine?: (endpoint: RemoteEndpointConfig, backend: RunBackend) => LlmEngine | undefined;
  /**
   * Builds the duplicate and contamination indexes at each start; default: in this thread,
   * with imported reference sets only.
   */
  indexes?: RunIndexesFactory;
}

const remoteEngine = (endpoint: RemoteEndpointConfig, backend: RunBackend) =>
  backend.kind === 'remote' ? new OpenAiCompatibleEngine(endpoint) : undefined;

/** Starts, resumes and stops runs; one AbortController per running run. */
export function createRunService(deps: RunServiceDeps) {
  const { db } = deps;
  const createEngine = deps.createEngine ?? remoteEngine;
  const buildIndexes = deps.indexes ?? inThreadRunIndexes();
  const running = new Map<string, AbortController>();

  async function start(
    runId: string,
    endpoint: RemoteEndpointConfig,
    onEvent: PipelineListener,
  ): Promise<RunOutcome> {
    if (running.has(runId))
      return { status: 'failed', error: errorData(new Error('This run is already running')) };
    const run = await getRun(db, runId);
    if (!run) return { status: 'failed', error: errorData(new Error('This run no longer exists')) };
    const controller = new AbortController();
    running.set(runId, controller);
    let release: (() => void) | undefined;
    try {
      await setRunStatus(db, runId, 'running');
      const engine = createEngine(endpoint, run.backend);
      if (!engine) throw new EngineError(unavailable(run.backend));
      const store = new DexieRunStore(db);
      const indexes = await buildIndexes(db, withConfigDefaults(run.config));
      release = indexes.release;
      await runPipeline({
        ...pipelineIndexes(indexes),
        runId,
        config: run.config,
        engine,
        store,
        onEvent,
        signal: controller.signal,
      });
      await setRunStatus(db, runId, 'done');
      return { status: 'done' };
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        await setRunStatus(db, runId, 'paused');
        return { status: 'paused' };
      }
      const data = errorData(error);
      await setRunStatus(db, runId, 'failed', data.message);
      return { status: 'failed', error: data };
    } finally {
      release?.();
      running.delete(runId);
    }
  }

  function stop(runId: string): void {
    running.get(runId)?.abort();
  }

  return { start, stop };
}

function unavailable(backend: RunBackend): EngineErrorData {
  const message =
    backend.kind === 'webllm'
      ? `Load ${backend.modelId} under Local models (WebGPU), then resume this run.`
      : 'This run uses a remote server; resume it with the server settings above.';
  return { code: 'model_not_loaded', retryable: false, message };
}

function errorData(error: unknown): EngineErrorData {
  if (error instanceof EngineError) return error.toData();
  if (error instanceof Error && error.name === 'QuotaExceededError') {
    return {
      code: 'quota',
      retryable: false,
      message: 'The browser storage is full. Delete old runs and resume.',
    };
  }
  return {
    code: 'unknown',
    retryable: false,
    message: error instanceof Error ? error.message : String(error),
  };
}

export type RunService = ReturnType<typeof createRunService>;
