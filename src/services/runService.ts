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
import { duplicateIndexesFor } from './duplicateIndexes';
import { withConfigDefaults } from '../core/pipeline/runConfig';
import { isQuotaError } from '../db/quotaError';
import { recordRunEvent, type RunEventKind } from '../db/runEventRepository';
import { clearRunCache } from '../db/requestCacheRepository';
import { withRunLock } from './runLock';
import { requestCachingFor } from './requestCaching';

export type RunOutcome =
  | { status: 'done' }
  /** `message` says why when the run paused by itself (storage full). */
  | { status: 'paused'; message?: string }
  | { status: 'failed'; error: EngineErrorData }
  /** It already runs here or in another tab; nothing was changed. */
  | { status: 'busy' };

export const QUOTA_MESSAGE =
  'The browser storage is full, so the run paused. Free space (delete a run or a cached model), then resume.';

export interface RunServiceDeps {
  db: StudioDb;
  /** The engine for a run's backend; undefined when it is not available (local model not loaded). */
  createEngine?: (endpoint: RemoteEndpointConfig, backend: RunBackend) => LlmEngine | undefined;
}

const remoteEngine = (endpoint: RemoteEndpointConfig, backend: RunBackend) =>
  backend.kind === 'remote' ? new OpenAiCompatibleEngine(endpoint) : undefined;

/** Starts, resumes and stops runs; one AbortController per running run. */
export function createRunService(deps: RunServiceDeps) {
  const { db } = deps;
  const createEngine = deps.createEngine ?? remoteEngine;
  const running = new Map<string, AbortController>();

  async function start(
    runId: string,
    endpoint: RemoteEndpointConfig,
    onEvent: PipelineListener,
  ): Promise<RunOutcome> {
    if (running.has(runId)) return busy();
    return withRunLock(runId, () => startLocked(runId, endpoint, onEvent), busy);
  }

  async function startLocked(
    runId: string,
    endpoint: RemoteEndpointConfig,
    onEvent: PipelineListener,
  ): Promise<RunOutcome> {
    const run = await getRun(db, runId);
    if (!run) return { status: 'failed', error: errorData(new Error('This run no longer exists')) };
    const controller = new AbortController();
    running.set(runId, controller);
    const note = (kind: RunEventKind, message = '') =>
      recordRunEvent(db, runId, kind, message).catch(() => {});
    try {
      await setRunStatus(db, runId, 'running');
      await note(run.progress.attempts > 0 ? 'resumed' : 'started');
      const created = createEngine(endpoint, run.backend);
      if (!created) throw new EngineError(unavailable(run.backend));
      const engine = requestCachingFor(db, runId)(created);
      const store = new DexieRunStore(db);
      await runPipeline({
        ...(await duplicateIndexesFor(db, withConfigDefaults(run.config))),
        runId,
        config: run.config,
        engine,
        store,
        onEvent,
        signal: controller.signal,
      });
      await setRunStatus(db, runId, 'done');
      await note('done');
      await clearRunCache(db, runId);
      return { status: 'done' };
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        await setRunStatus(db, runId, 'paused');
        await note('paused');
        return { status: 'paused' };
      }
      if (isQuotaError(error)) {
        // The failed write's transaction rolled back; these small writes may fail too.
        await setRunStatus(db, runId, 'paused', QUOTA_MESSAGE).catch(() => {});
        await note('quota', QUOTA_MESSAGE);
        return { status: 'paused', message: QUOTA_MESSAGE };
      }
      const data = errorData(error);
      await setRunStatus(db, runId, 'failed', data.message);
      await note('error', data.message);
      return { status: 'failed', error: data };
    } finally {
      running.delete(runId);
    }
  }

  function stop(runId: string): void {
    running.get(runId)?.abort();
  }

  return { start, stop };
}

const busy = (): RunOutcome => ({ status: 'busy' });

function unavailable(backend: RunBackend): EngineErrorData {
  const message =
    backend.kind === 'webllm'
      ? `Load ${backend.modelId} under Local models (WebGPU), then resume this run.`
      : 'This run uses a remote server; resume it with the server settings above.';
  return { code: 'model_not_loaded', retryable: false, message };
}

function errorData(error: unknown): EngineErrorData {
  if (error instanceof EngineError) return error.toData();
  return {
    code: 'unknown',
    retryable: false,
    message: error instanceof Error ? error.message : String(error),
  };
}

export type RunService = ReturnType<typeof createRunService>;
