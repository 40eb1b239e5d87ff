/**
 * Sends each run to where its engines live: all-remote runs to the pipeline worker, runs with any
 * role on a local (WebLLM) model to a main-thread run service — the WebLLM engine already
 * generates in its own worker, and a second worker could not share it.
 */
import { getRun } from '../db/runRepository';
import type { StudioDb } from '../db/studioDb';
import type { RunService } from './runService';
import { usesLocalModel } from '../core/runs/runBackends';

/** What the page needs from the pipeline worker (Comlink's remote or the service itself in tests). */
export interface RunWorkerPort {
  start(
    ...args: Parameters<RunService['start']>
  ): Promise<Awaited<ReturnType<RunService['start']>>>;
  /** Pauses a run driven here. */
  stop(runId: string): Promise<void> | void;
  /** Ends a run driven here once its pipeline has stopped. */
  end(runId: string): Promise<void> | void;
}

export interface RunDispatcherDeps {
  db: StudioDb;
  /**
   * Runs with any role on a `webllm` backend; loaded on first use so the pipeline (and its CAS) stays out
   * of the page's initial bundle.
   */
  local: () => Promise<RunWorkerPort>;
  /** Everything else (the pipeline worker, started on first use). */
  remote: () => RunWorkerPort;
}

export function createRunDispatcher(deps: RunDispatcherDeps): RunWorkerPort {
  const localRuns = new Map<string, RunWorkerPort>();
  let local: Promise<RunWorkerPort> | undefined;
  return {
    async start(runId, endpoint, onEvent) {
      const run = await getRun(deps.db, runId);
      if (!run || !usesLocalModel(run.backends))
        return deps.remote().start(runId, endpoint, onEvent);
      const service = await (local ??= deps.local());
      localRuns.set(runId, service);
      try {
        return await service.start(runId, endpoint, onEvent);
      } finally {
        localRuns.delete(runId);
      }
    },
    stop(runId) {
      return (localRuns.get(runId) ?? deps.remote()).stop(runId);
    },
    end(runId) {
      return (localRuns.get(runId) ?? deps.remote()).end(runId);
    },
  };
}
