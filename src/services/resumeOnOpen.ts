import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { getRun, listRunningRuns, setRunStatus } from '../db/runRepository';
import { recordRunEvent } from '../db/runEventRepository';
import type { RunRow } from '../db/rows';
import type { StudioDb } from '../db/studioDb';

export interface ResumeOnOpenDeps {
  /** Runs some tab or worker is executing right now (their Web Lock is held). */
  heldRuns: () => Promise<Set<string>>;
  /** Resolves when the run's lock is free. */
  waitForLock: (runId: string) => Promise<void>;
  /** The saved server settings (the API key goes only to the same server). */
  endpoint?: (() => RemoteEndpointConfig) | undefined;
  /** Starts a run again. */
  resume: (run: RunToResume) => void;
}

export interface RunToResume {
  runId: string;
  endpoint: RemoteEndpointConfig;
}

/**
 * The run's own server and model; the saved API key goes along only when it belongs to that same
 * server, so a key is never sent to another host.
 */
export function endpointForRun(
  run: RunRow,
  saved: RemoteEndpointConfig | undefined,
): RemoteEndpointConfig | undefined {
  if (run.backend.kind !== 'remote' || !run.backend.baseUrl || !run.backend.model) return undefined;
  const endpoint: RemoteEndpointConfig = { baseUrl: run.backend.baseUrl, model: run.backend.model };
  if (saved?.apiKey && saved.baseUrl === run.backend.baseUrl) endpoint.apiKey = saved.apiKey;
  return endpoint;
}

/** A run that was cut off: resume it, or say what the person must do first. */
async function reopenRun(
  db: StudioDb,
  run: RunRow,
  saved: RemoteEndpointConfig | undefined,
): Promise<RunToResume | undefined> {
  const endpoint = endpointForRun(run, saved);
  if (endpoint) return { runId: run.id, endpoint };
  const message =
    run.backend.kind === 'webllm'
      ? `Load ${run.backend.modelId} under Local models (WebGPU), then resume this run.`
      : 'Set the server URL and model above, then resume this run.';
  await setRunStatus(db, run.id, 'interrupted', message);
  await recordRunEvent(db, run.id, 'interrupted', message);
  return undefined;
}

/**
 * On open, runs stored as "running" whose lock nobody holds were cut off by a closed or reloaded
 * page: remote ones are handed to `resume` at once; local (WebLLM) ones need their model loaded
 * first, so they become "interrupted" with that instruction. A run whose lock is held (another
 * tab runs it, or the page just reloaded and its old worker is still shutting down) is watched:
 * when the lock is released and the run is still marked running, it is reopened the same way.
 */
export async function reopenAbandonedRuns(db: StudioDb, deps: ResumeOnOpenDeps): Promise<void> {
  const [running, held] = await Promise.all([listRunningRuns(db), deps.heldRuns()]);
  const saved = deps.endpoint?.();
  const reopen = async (run: RunRow) => {
    const item = await reopenRun(db, run, saved);
    if (item) deps.resume(item);
  };
  for (const run of running) {
    if (!held.has(run.id)) {
      await reopen(run);
      continue;
    }
    void deps
      .waitForLock(run.id)
      .then(() => getRun(db, run.id))
      .then((now) => (now?.status === 'running' ? reopen(now) : undefined))
      .catch(() => {});
  }
}
