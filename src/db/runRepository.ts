import { emptyProgress } from '../core/pipeline/records';
import type { RunConfig } from '../core/pipeline/runConfig';
import type { RunRow, RunStatus } from '../core/runs/runRow';
import { copyBackends, type RunBackends } from '../core/runs/runBackends';
import type { EngineErrorCode } from '../core/ports/engineError';
import type { RunEventKind } from '../core/runs/runEvents';
import type { StudioDb } from './studioDb';

export interface NewRun {
  name: string;
  config: RunConfig;
  backends: RunBackends;
  appVersion: string;
}

export async function createRun(db: StudioDb, run: NewRun, now = Date.now()): Promise<RunRow> {
  const row: RunRow = {
    id: crypto.randomUUID(),
    name: run.name,
    createdAt: now,
    updatedAt: now,
    status: 'ready',
    config: run.config,
    backends: copyBackends(run.backends),
    progress: emptyProgress(),
    appVersion: run.appVersion,
  };
  await db.runs.add(row);
  return row;
}

export function listRuns(db: StudioDb): Promise<RunRow[]> {
  return db.runs.orderBy('createdAt').reverse().toArray();
}

export function getRun(db: StudioDb, id: string): Promise<RunRow | undefined> {
  return db.runs.get(id);
}

/** A run's new state and the event that explains it, written together or not at all. */
export interface RunTransition {
  status: RunStatus;
  event: { kind: RunEventKind; message?: string };
  /** Events that happened before but could not be written then (storage was full). */
  earlier?: { kind: RunEventKind; message: string; at: number }[];
  error?: string;
  errorCode?: EngineErrorCode;
}

export async function recordTransition(
  db: StudioDb,
  id: string,
  transition: RunTransition,
  now = Date.now(),
): Promise<void> {
  const { status, event, error, errorCode, earlier = [] } = transition;
  await db.transaction('rw', [db.runs, db.runEvents], async () => {
    for (const e of earlier) await db.runEvents.add({ runId: id, ...e });
    await db.runs.update(id, {
      status,
      updatedAt: now,
      error: error ?? undefined,
      errorCode: error === undefined ? undefined : errorCode,
    });
    await db.runEvents.add({ runId: id, at: now, kind: event.kind, message: event.message ?? '' });
  });
}

/** Runs stored as running: live in some tab or worker, or left so by a page that closed. */
export function listRunningRuns(db: StudioDb): Promise<RunRow[]> {
  return db.runs.where('status').equals('running').toArray();
}

/**
 * Deletes a run with everything that belongs to it (questions, solutions, packs, cached requests,
 * events) in one transaction, so freeing space never leaves orphans behind.
 */
export async function deleteRun(db: StudioDb, id: string): Promise<void> {
  await db.transaction(
    'rw',
    [
      db.runs,
      db.questions,
      db.solutions,
      db.pairPacks,
      db.requestCache,
      db.runEvents,
      db.runAggregates,
    ],
    async () => {
      await db.runAggregates.delete(id);
      await db.solutions.where('runId').equals(id).delete();
      await db.questions.where('runId').equals(id).delete();
      await db.pairPacks.where('[runId+first]').between([id, -Infinity], [id, Infinity]).delete();
      await db.requestCache.where('runId').equals(id).delete();
      await db.runEvents.where('[runId+at]').between([id, -Infinity], [id, Infinity]).delete();
      await db.runs.delete(id);
    },
  );
}

/**
 * Marks a run as ended by the person: its stored pairs stay, its request cache (only useful for
 * resuming) goes, and the event is recorded — in one transaction. A run stored as running is
 * left alone unless `driver` says the caller is the one that ran it (and has stopped it).
 */
export async function endRun(
  db: StudioDb,
  id: string,
  now = Date.now(),
  options: { driver?: boolean } = {},
): Promise<void> {
  await db.transaction('rw', [db.runs, db.requestCache, db.runEvents], async () => {
    const run = await db.runs.get(id);
    if (!run || run.status === 'done' || run.status === 'stopped') return;
    if (run.status === 'running' && !options.driver) return;
    await db.runs.update(id, {
      status: 'stopped',
      updatedAt: now,
      error: undefined,
      errorCode: undefined,
    });
    await db.requestCache.where('runId').equals(id).delete();
    await db.runEvents.add({
      runId: id,
      at: now,
      kind: 'stopped',
      message: 'Stopped by the person',
    });
  });
}
