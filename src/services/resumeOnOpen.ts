import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { listRunningRuns, setRunStatus } from '../db/runRepository';
import { recordRunEvent } from '../db/runEventRepository';
import type { RunRow } from '../db/rows';
import type { StudioDb } from '../db/studioDb';

export interface ResumeOnOpenDeps {
  /** Runs some tab or worker is executing right now (their Web Lock is held). */
  heldRuns: () => Promise<Set<string>>;
  /** The saved server settings; without them remote runs wait for the person. */
  endpoint?: (() => RemoteEndpointConfig) | undefined;
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

/**
 * On open, runs stored as "running" whose lock nobody holds were cut off by a closed or reloaded
 * page. Remote ones are returned to be resumed at once; local (WebLLM) ones need their model
 * loaded first, so they become "interrupted" with that instruction. Runs another tab is
 * executing are left alone.
 */
export async function reopenAbandonedRuns(
  db: StudioDb,
  deps: ResumeOnOpenDeps,
): Promise<RunToResume[]> {
  const [running, held] = await Promise.all([listRunningRuns(db), deps.heldRuns()]);
  const saved = deps.endpoint?.();
  const resume: RunToResume[] = [];
  for (const run of running) {
    if (held.has(run.id)) continue;
    const endpoint = endpointForRun(run, saved);
    if (endpoint) {
      resume.push({ runId: run.id, endpoint });
      continue;
    }
    const message =
      run.backend.kind === 'webllm'
        ? `Load ${run.backend.modelId} under Local models (WebGPU), then resume this run.`
        : 'Set the server URL and model above, then resume this run.';
    await setRunStatus(db, run.id, 'interrupted', message);
    await recordRunEvent(db, run.id, 'interrupted', message);
  }
  return resume;
}
