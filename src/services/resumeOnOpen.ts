import { getRun, listRunningRuns, recordTransition } from '../db/runRepository';
import { recordRunEvent } from '../db/runEventRepository';
import type { RunRow } from '../core/runs/runRow';
import type { StudioDb } from '../db/studioDb';
import { usesLocalModel, type RemoteAccess } from '../core/runs/runBackends';

/**
 * Stored with a local run that a closed or reloaded page cut off: only what happened (whether its
 * model still needs loading, the page says while it is not loaded).
 */
export const CUT_OFF_MESSAGE = 'The page was closed or reloaded while this run was going.';

export interface ResumeOnOpenDeps {
  /** Runs some tab or worker is executing right now (their Web Lock is held). */
  heldRuns: () => Promise<Set<string>>;
  /** Resolves when the run's lock is free. */
  waitForLock: (runId: string) => Promise<void>;
  /**
   * The saved endpoints with their keys; the run service sends a key only to the endpoint (group
   * or URL) it was saved for.
   */
  endpoint?: (() => RemoteAccess) | undefined;
  /** Starts a run again. */
  resume: (run: RunToResume) => void;
}

export interface RunToResume {
  runId: string;
  access: RemoteAccess;
}

const CUT_OFF = 'the page was closed or reloaded while it ran';

/** A run that was cut off: resume it, or say what the person must do first. */
async function reopenRun(
  db: StudioDb,
  run: RunRow,
  saved: RemoteAccess | undefined,
): Promise<RunToResume | undefined> {
  // Remote roles carry their own URLs and models; the run service pairs them with saved keys.
  if (!usesLocalModel(run.backends)) {
    // The history tells why a resume follows (best effort: storage may be full right now).
    await recordRunEvent(db, run.id, 'interrupted', CUT_OFF).catch(() => {});
    return { runId: run.id, access: saved ?? { endpoints: [] } };
  }
  // Only what happened is stored: whether the model still needs loading is for the page to say
  // when it shows the run (it may be loaded by then).
  await recordTransition(db, run.id, {
    status: 'interrupted',
    error: CUT_OFF_MESSAGE,
    errorCode: 'model_not_loaded',
    event: { kind: 'interrupted', message: CUT_OFF },
  });
  return undefined;
}

/** Remote runs the studio paused because every server of a group was down (serverOutage). */
async function listOutagePausedRuns(db: StudioDb): Promise<RunRow[]> {
  const paused = await db.runs.where('status').equals('paused').toArray();
  return paused.filter(
    (run) =>
      run.errorCode === 'network' && run.backends !== undefined && !usesLocalModel(run.backends),
  );
}

/**
 * On open, runs paused by a server outage are resumed (their lock free), and runs stored as
 * "running" whose lock nobody holds were cut off by a closed or reloaded
 * page: remote ones are handed to `resume` at once; local (WebLLM) ones need their model loaded
 * first, so they become "interrupted" with that instruction. A run whose lock is held (another
 * tab runs it, or the page just reloaded and its old worker is still shutting down) is watched:
 * when the lock is released and the run is still marked running, it is reopened the same way.
 */
export async function reopenAbandonedRuns(db: StudioDb, deps: ResumeOnOpenDeps): Promise<void> {
  const [running, paused, held] = await Promise.all([
    listRunningRuns(db),
    listOutagePausedRuns(db),
    deps.heldRuns(),
  ]);
  const saved = deps.endpoint?.();
  // Paused because their servers were down, waiting for them when the page went away: they try
  // again, and pause again if the servers still do not answer.
  for (const run of paused)
    if (!held.has(run.id)) deps.resume({ runId: run.id, access: saved ?? { endpoints: [] } });
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
