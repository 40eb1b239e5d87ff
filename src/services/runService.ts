import { runPipeline } from '../core/pipeline/runPipeline';
import type { PipelineEvent } from '../core/pipeline/pipelineEvents';
import { isAbortError, EngineError, type EngineErrorData } from '../core/ports/engineError';
import { doneMessage, STORAGE_FULL_REASON } from '../core/runs/runEvents';
import type { LlmEngine } from '../core/ports/llmEngine';
import { EndpointPool } from '../engine/remote/endpointPool';
import { DexieRunStore } from '../db/dexieRunStore';
import { endRun, getRun, recordTransition } from '../db/runRepository';
import { recordRunEvent } from '../db/runEventRepository';
import type { SolutionScorer } from '../core/ports/solutionScorer';
import { RewardModelScorer } from '../engine/openai/rewardModelScorer';
import type { StudioDb } from '../db/studioDb';
import { inThreadRunIndexes, type RunIndexesFactory } from './runIndexes';
import { assembleRun, remotePool, type RunEngine } from './runAssembly';
import { withConfigDefaults } from '../core/pipeline/runConfig';
import { watchPools, type EndpointsEvent, type WatchedPool } from './poolStats';
import {
  engineTargets,
  notLoadedMessage,
  type EngineTarget,
  type RemoteAccess,
} from '../core/runs/runBackends';
import { isQuotaError } from '../db/quotaError';
import { clearRunCache } from '../db/requestCacheRepository';
import { withRunLock } from './runLock';
import { requestCachingFor } from './requestCaching';
import type { RunOutcome } from './runOutcome';
import { broadcastRunControl, type RunControl } from './runControl';
import { announce, DrivenRun, settleRun, transitionEnding, type RunEnding } from './drivenRun';
import { FULL_START_MESSAGE, QUOTA_MESSAGE } from './storageFull';
import { recordDeviceRecoveries } from './deviceRecoveryEvents';
import {
  outageMessage,
  outageReason,
  studioOutagePolicy,
  waitForServers,
  watchOutages,
  type OutagePolicy,
  type ServerOutage,
} from './serverOutage';

export type { RunOutcome } from './runOutcome';

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
  /**
   * How pause/resume/end requests from other tabs arrive and live states leave (default: the
   * studio's BroadcastChannel; null: none).
   */
  control?: RunControl | null;
  /** Time between two tries at writing a run's state while storage is full (default 1 s). */
  retryWriteMs?: number;
  /** Parking, outage pause and probing of remote groups (tests shorten them). */
  outage?: Partial<OutagePolicy>;
}

/** Enough attempts that a group with a ~30 % error rate still answers every request. */
const runPoolRetry = { attempts: 8, baseDelayMs: 500, maxDelayMs: 15_000 };

/**
 * Remote groups become an EndpointPool (one endpoint or many) that parks a request which keeps
 * failing instead of failing the run; local models come from the page.
 */
export function remoteEngine(
  target: EngineTarget,
  policy: OutagePolicy = studioOutagePolicy,
): LlmEngine | undefined {
  return remotePool(target, parkingPool(policy));
}

function parkingPool(policy: OutagePolicy) {
  return {
    retry: runPoolRetry,
    exhausted: 'park' as const,
    parkDelayMs: policy.parkDelayMs,
    outageAfterMs: policy.outageAfterMs,
    ...(policy.liveness ? { liveness: policy.liveness } : {}),
  };
}

/**
 * With a remote score role, candidates are scored by that group's reward model (vLLM /pooling);
 * otherwise the pipeline falls back to the 1–10 judge. Its pool parks and is watched for
 * outages like the other roles' (`onPool`), so a reward server that goes down pauses the run.
 */
function rewardScorer(
  score: EngineTarget,
  policy: OutagePolicy,
  onPool: (pool: WatchedPool) => void,
): SolutionScorer | undefined {
  const pool = remotePool(score, parkingPool(policy));
  if (!pool || score.kind !== 'remote') return undefined;
  onPool({
    key: `${score.key}\u0000reward`,
    name: `${score.name} (reward model)`,
    roles: ['score'],
    pool,
  });
  return new RewardModelScorer(pool);
}

/** The pools among a run's engines, as the endpoint view watches them. */
function watchedPools(engines: RunEngine[]): WatchedPool[] {
  return engines.flatMap(({ target, roles, engine }) =>
    engine instanceof EndpointPool && target.kind === 'remote'
      ? [{ key: target.key, name: target.name, roles, pool: engine }]
      : [],
  );
}

/**
 * Starts, resumes, pauses and ends runs. Each run driven here holds its Web Lock; requests from
 * other tabs arrive on the run control channel and reach it wherever it runs.
 */
export function createRunService(deps: RunServiceDeps) {
  const { db } = deps;
  const outagePolicy = { ...studioOutagePolicy, ...deps.outage };
  const createEngine = deps.createEngine ?? ((target) => remoteEngine(target, outagePolicy));
  const statsIntervalMs = deps.statsIntervalMs ?? 500;
  const buildIndexes = deps.indexes ?? inThreadRunIndexes();
  const control = deps.control === undefined ? broadcastRunControl() : (deps.control ?? undefined);
  const settleDeps = { db, control, retryMs: deps.retryWriteMs ?? 1000 };
  const running = new Map<string, DrivenRun>();

  const stopListening = control?.listen((message) => {
    if (message.type === 'hello') {
      for (const [runId, driven] of running)
        if (driven.live) control.post({ type: 'live', runId, live: driven.live });
      return;
    }
    if (message.type === 'live') return;
    const driven = running.get(message.runId);
    if (message.type === 'pause') driven?.pause();
    else if (message.type === 'end') driven?.end();
    else driven?.resume();
  });

  async function start(
    runId: string,
    access: RemoteAccess,
    onEvent: RunListener,
  ): Promise<RunOutcome> {
    if (running.has(runId)) return busy();
    return withRunLock(runId, () => startLocked(runId, access, onEvent), busy);
  }

  async function startLocked(
    runId: string,
    access: RemoteAccess,
    onEvent: RunListener,
  ): Promise<RunOutcome> {
    const driven = new DrivenRun();
    running.set(runId, driven);
    try {
      for (;;) {
        const ending = await runOnce(runId, access, onEvent, driven);
        if (!('write' in ending)) return ending;
        const settled = await settleRun(settleDeps, runId, driven, ending);
        if (settled === 'resume') continue;
        if (!('outage' in ending) || driven.ending) return settled;
        // Paused by an outage: held here until a server answers, the person resumes or ends it.
        const { pool } = ending.outage.group;
        const why = await waitForServers(
          driven,
          pool,
          outagePolicy.probeEveryMs,
          outagePolicy.probeTimeoutMs,
        );
        if (why === 'end') return endOutagePause(runId);
      }
    } finally {
      running.delete(runId);
    }
  }

  /** One go at the run, up to how it ended (not yet written, see `settleRun`). */
  async function runOnce(
    runId: string,
    access: RemoteAccess,
    onEvent: RunListener,
    driven: DrivenRun,
  ): Promise<RunEnding | OutageEnding | RunOutcome> {
    const run = await getRun(db, runId);
    if (!run) return { status: 'failed', error: errorData(new Error('This run no longer exists')) };
    const { backends } = run;
    if (!backends)
      return { status: 'failed', error: errorData(new Error('This run has no models to run')) };
    const signal = driven.restart();
    let marked = false;
    let release: (() => void) | undefined;
    let stopWatching: (() => void) | undefined;
    let stopOutageWatch: (() => void) | undefined;
    let outage: ServerOutage | undefined;
    const rewardPools: WatchedPool[] = [];
    try {
      // Only a run that was never started starts; one cut off before it stored anything resumes.
      const kind = run.status === 'ready' ? 'started' : 'resumed';
      // A pause held while storage was full enters the history now, before this resume.
      const earlier = driven.unwritten ? [driven.unwritten] : [];
      await recordTransition(db, runId, { status: 'running', event: { kind }, earlier });
      driven.unwritten = undefined;
      marked = true;
      announce(settleDeps, runId, driven, null);
      const config = withConfigDefaults(run.config);
      const targets = engineTargets(backends, access);
      const assembled = await assembleRun({
        runId,
        config: run.config,
        targets,
        createEngine: (target) => {
          const engine = createEngine(target);
          if (!engine) throw unavailable(target);
          return engine;
        },
        // Every engine the run uses answers repeated requests from the run's cache after a resume.
        wrapEngine: requestCachingFor(db, runId),
        indexes: async () => {
          const indexes = await buildIndexes(db, config);
          release = indexes.release;
          return indexes;
        },
        rewardModel: () => rewardScorer(targets.score, outagePolicy, (p) => rewardPools.push(p)),
        store: new DexieRunStore(db),
        onEvent,
        signal,
      });
      const engines = assembled.engines.map((e) => e.engine);
      stopWatching = recordDeviceRecoveries(engines, (kind, message) =>
        recordRunEvent(db, runId, kind, message).catch(() => {}),
      );
      const pools = watchedPools(assembled.engines);
      const stats = watchPools(pools, onEvent, statsIntervalMs);
      stopOutageWatch = watchOutages(
        [...pools, ...rewardPools],
        (found) => {
          outage = found;
          driven.pause();
        },
        outagePolicy.checkEveryMs,
      );
      const progress = await runPipeline(assembled.options).finally(() => stats.stop());
      const message = doneMessage(progress, config.targetPairs);
      return transitionEnding(
        db,
        runId,
        { status: 'done' },
        { status: 'done', event: { kind: 'done', message } },
        { resumable: false, after: () => clearRunCache(db, runId) },
      );
    } catch (error) {
      // Dexie reports a full disk as an AbortError wrapping QuotaExceededError: storage first,
      // or it would pass for a pause the person asked for.
      if (isQuotaError(error)) {
        if (!marked && run.status !== 'running')
          return { status: 'full', message: FULL_START_MESSAGE };
        return pausedEnding(runId, { message: QUOTA_MESSAGE });
      }
      if (outage && !driven.ending) return outageEnding(runId, outage);
      if (signal.aborted || isPersonAbort(error)) return pausedEnding(runId);
      const data = errorData(error);
      if (isLocalModelMissing(error)) {
        // Not a failure of the run: its model has to be loaded again, then it resumes.
        return transitionEnding(
          db,
          runId,
          { status: 'interrupted', message: data.message },
          {
            status: 'interrupted',
            error: data.message,
            errorCode: data.code,
            event: { kind: 'interrupted', message: data.message },
          },
          { resumable: true },
        );
      }
      return transitionEnding(
        db,
        runId,
        { status: 'failed', error: data },
        {
          status: 'failed',
          error: data.message,
          errorCode: data.code,
          event: { kind: 'failed', message: data.message },
        },
        { resumable: true },
      );
    } finally {
      stopOutageWatch?.();
      stopWatching?.();
      release?.();
    }
  }

  /** Paused by the person, or by the studio when storage is full (with `full`'s message). */
  function pausedEnding(runId: string, full?: { message: string }): RunEnding {
    return transitionEnding(
      db,
      runId,
      full ? { status: 'paused', message: full.message } : { status: 'paused' },
      {
        status: 'paused',
        event: { kind: 'paused', message: full ? STORAGE_FULL_REASON : '' },
        ...(full ? { error: full.message, errorCode: 'quota' as const } : {}),
      },
      { resumable: true },
    );
  }

  /** Paused by the studio: every server of a group is down (the row says which, what to do). */
  function outageEnding(runId: string, outage: ServerOutage): OutageEnding {
    const message = outageMessage(outage);
    const ending = transitionEnding(
      db,
      runId,
      { status: 'paused' },
      {
        status: 'paused',
        event: { kind: 'paused', message: outageReason(outage) },
        error: message,
        errorCode: 'network',
      },
      { resumable: true },
    );
    return { ...ending, outage };
  }

  /** Stop pressed while an outage held the run paused here. */
  async function endOutagePause(runId: string): Promise<RunOutcome> {
    await endRun(db, runId, Date.now(), { driver: true });
    return { status: 'stopped' };
  }

  /** Pauses a run driven here (other tabs' runs get the request on the control channel). */
  function stop(runId: string): void {
    running.get(runId)?.pause();
  }

  /** Ends a run driven here for good once its pipeline has stopped. */
  function end(runId: string): void {
    running.get(runId)?.end();
  }

  function dispose(): void {
    stopListening?.();
    control?.close();
  }

  return { start, stop, end, dispose };
}

/** An abort that is a pause, not a storage failure Dexie reports as AbortError (`inner` set). */
function isPersonAbort(error: unknown): boolean {
  return isAbortError(error) && !(error as { inner?: unknown }).inner;
}

const busy = (): RunOutcome => ({ status: 'busy' });

/** A pause for an outage: the run is held until its servers answer (see `waitForServers`). */
type OutageEnding = RunEnding & { outage: ServerOutage };

/** A role's local model is not loaded in this page (the run waits for it, it does not fail). */
class LocalModelMissing extends EngineError {
  constructor(modelId: string) {
    super({ code: 'model_not_loaded', retryable: false, message: notLoadedMessage(modelId) });
  }
}

function unavailable(target: EngineTarget): EngineError {
  if (target.kind === 'webllm') return new LocalModelMissing(target.modelId);
  const message = `No endpoint serves ${target.name} any more: add one to its group under Model servers, then resume this run.`;
  return new EngineError({ code: 'model_not_loaded', retryable: false, message });
}

/** A local model missing at start, or lost with the GPU device and not reloaded. */
function isLocalModelMissing(error: unknown): boolean {
  return (
    error instanceof LocalModelMissing ||
    (error instanceof EngineError && error.code === 'device_lost' && !error.retryable)
  );
}

function errorData(error: unknown): EngineErrorData {
  return EngineError.from(error).toData();
}

export type RunService = ReturnType<typeof createRunService>;
