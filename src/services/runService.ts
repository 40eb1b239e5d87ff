import { runPipeline } from '../core/pipeline/runPipeline';
import type { PipelineEvent } from '../core/pipeline/pipelineEvents';
import { mapDistinct, type EngineRole } from '../core/pipeline/stageEngines';
import { isAbortError, EngineError, type EngineErrorData } from '../core/ports/engineError';
import type { LlmEngine } from '../core/ports/llmEngine';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { EndpointPool } from '../engine/remote/endpointPool';
import { DexieRunStore } from '../db/dexieRunStore';
import { getRun, setRunStatus } from '../db/runRepository';
import type { RunBackend } from '../core/runs/runRow';
import type { SolutionScorer } from '../core/ports/solutionScorer';
import { RewardModelScorer } from '../engine/openai/rewardModelScorer';
import type { StudioDb } from '../db/studioDb';
import { inThreadRunIndexes, pipelineIndexes, type RunIndexesFactory } from './runIndexes';
import { withConfigDefaults, type RunConfig } from '../core/pipeline/runConfig';
import { watchPools, type EndpointsEvent, type WatchedPool } from './poolStats';
import {
  distinctBackends,
  engineTarget,
  loadModelMessage,
  remoteTarget,
  roleBackends,
  toAccess,
  type EngineTarget,
  type RemoteAccess,
} from './stageBackends';
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

/** What a run reports while it goes: pipeline stages and, for remote groups, endpoint figures. */
export type RunEvent = PipelineEvent | EndpointsEvent;
export type RunListener = (event: RunEvent) => void;

export interface RunServiceDeps {
  db: StudioDb;
  /** The engine for one backend of a run; undefined when it is not available (local model not loaded). */
  createEngine?: (target: EngineTarget) => LlmEngine | undefined;
  /** Least time between two endpoint snapshots sent to the page. */
  statsIntervalMs?: number;
  /**
   * Builds the duplicate and contamination indexes at each start; default: in this thread,
   * with imported reference sets only.
   */
  indexes?: RunIndexesFactory;
}

/** Enough attempts that a group with a ~30 % error rate still answers every request. */
const runPoolRetry = { attempts: 8, baseDelayMs: 500, maxDelayMs: 15_000 };

/** Remote groups become an EndpointPool (one endpoint or many); local models come from the page. */
export function remoteEngine(target: EngineTarget): LlmEngine | undefined {
  if (target.kind !== 'remote' || target.endpoints.length === 0) return undefined;
  return new EndpointPool({ endpoints: target.endpoints, retry: runPoolRetry });
}

interface RunEngines {
  engines: Record<EngineRole, LlmEngine>;
  pools: WatchedPool[];
}

/** One engine per distinct backend, shared by the roles that use it. */
function buildEngines(
  backends: Record<EngineRole, RunBackend>,
  access: RemoteAccess,
  createEngine: (target: EngineTarget) => LlmEngine | undefined,
): RunEngines {
  const engines: Partial<Record<EngineRole, LlmEngine>> = {};
  const pools: WatchedPool[] = [];
  for (const use of distinctBackends(backends)) {
    const target = engineTarget(use.backend, access);
    const engine = createEngine(target);
    if (!engine) throw new EngineError(unavailable(use.backend));
    for (const role of use.roles) engines[role] = engine;
    if (engine instanceof EndpointPool && target.kind === 'remote')
      pools.push({ key: use.key, name: target.name, roles: use.roles, pool: engine });
  }
  return { engines: engines as Record<EngineRole, LlmEngine>, pools };
}

/**
 * With `selection.scorer: 'reward-model'` and a remote score role, candidates are scored by that
 * endpoint's reward model (vLLM /pooling); otherwise the pipeline falls back to the 1–10 judge.
 */
function rewardScorer(
  config: RunConfig,
  backends: Record<EngineRole, RunBackend>,
  access: RemoteAccess,
): SolutionScorer | undefined {
  const score = backends.score;
  if (config.selection.scorer !== 'reward-model') return undefined;
  if (score.kind !== 'remote') return undefined;
  const target = remoteTarget(score, access);
  if (target.kind !== 'remote' || target.endpoints.length === 0) return undefined;
  return new RewardModelScorer(target.endpoints, runPoolRetry);
}

/** Starts, resumes and stops runs; one AbortController per running run. */
export function createRunService(deps: RunServiceDeps) {
  const { db } = deps;
  const createEngine = deps.createEngine ?? remoteEngine;
  const statsIntervalMs = deps.statsIntervalMs ?? 500;
  const buildIndexes = deps.indexes ?? inThreadRunIndexes();
  const running = new Map<string, AbortController>();

  async function start(
    runId: string,
    access: RemoteAccess | RemoteEndpointConfig,
    onEvent: RunListener,
  ): Promise<RunOutcome> {
    if (running.has(runId)) return busy();
    return withRunLock(runId, () => startLocked(runId, access, onEvent), busy);
  }

  async function startLocked(
    runId: string,
    access: RemoteAccess | RemoteEndpointConfig,
    onEvent: RunListener,
  ): Promise<RunOutcome> {
    const run = await getRun(db, runId);
    if (!run) return { status: 'failed', error: errorData(new Error('This run no longer exists')) };
    const controller = new AbortController();
    running.set(runId, controller);
    const note = (kind: RunEventKind, message = '') =>
      recordRunEvent(db, runId, kind, message).catch(() => {});
    let release: (() => void) | undefined;
    try {
      await setRunStatus(db, runId, 'running');
      // Only a run that was never started starts; one cut off before it stored anything resumes.
      await note(run.status === 'ready' ? 'started' : 'resumed');
      const config = withConfigDefaults(run.config);
      const remote = toAccess(access);
      const backends = roleBackends(run);
      const built = buildEngines(backends, remote, createEngine);
      const scorer = rewardScorer(config, backends, remote);
      const { pools } = built;
      // Every engine the run uses answers repeated requests from the run's cache after a resume.
      const engines = mapDistinct(built.engines, requestCachingFor(db, runId));
      const store = new DexieRunStore(db);
      const indexes = await buildIndexes(db, config);
      release = indexes.release;
      const stats = watchPools(pools, onEvent, statsIntervalMs);
      try {
        await runPipeline({
          ...pipelineIndexes(indexes),
          runId,
          config: run.config,
          engine: engines.generate,
          engines,
          ...(scorer ? { scorer } : {}),
          store,
          onEvent,
          signal: controller.signal,
        });
      } finally {
        stats.stop();
      }
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
      release?.();
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
      ? loadModelMessage(backend.modelId)
      : `No endpoint serves ${backend.model} any more: add one to its group under Model servers, then resume this run.`;
  return { code: 'model_not_loaded', retryable: false, message };
}

function errorData(error: unknown): EngineErrorData {
  return EngineError.from(error).toData();
}

export type RunService = ReturnType<typeof createRunService>;
