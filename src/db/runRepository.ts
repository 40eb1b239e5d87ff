import { emptyProgress } from '../core/pipeline/records';
import type { RunConfig } from '../core/pipeline/runConfig';
import { DEFAULT_PROJECT_ID, type RunBackend, type RunRow, type RunStatus } from './rows';
import type { StudioDb } from './studioDb';

export interface NewRun {
  name: string;
  config: RunConfig;
  backend: RunBackend;
  appVersion: string;
  projectId?: string;
}

export async function createRun(db: StudioDb, run: NewRun, now = Date.now()): Promise<RunRow> {
  const row: RunRow = {
    id: crypto.randomUUID(),
    projectId: run.projectId ?? DEFAULT_PROJECT_ID,
    name: run.name,
    createdAt: now,
    updatedAt: now,
    status: 'ready',
    config: run.config,
    backend: copyBackend(run.backend),
    progress: emptyProgress(),
    appVersion: run.appVersion,
  };
  await db.runs.add(row);
  return row;
}

/** Field by field, so nothing else a caller's object carries (an API key) reaches the database. */
function copyBackend(backend: RunBackend): RunBackend {
  return backend.kind === 'webllm'
    ? { kind: 'webllm', modelId: backend.modelId }
    : { kind: 'remote', baseUrl: backend.baseUrl, model: backend.model };
}

export function listRuns(db: StudioDb): Promise<RunRow[]> {
  return db.runs.orderBy('createdAt').reverse().toArray();
}

export function getRun(db: StudioDb, id: string): Promise<RunRow | undefined> {
  return db.runs.get(id);
}

export async function setRunStatus(
  db: StudioDb,
  id: string,
  status: RunStatus,
  error?: string,
): Promise<void> {
  await db.runs.update(id, { status, updatedAt: Date.now(), error: error ?? undefined });
}

/** Runs left "running" by a page that closed or crashed; they can be resumed. */
export async function markAbandonedRuns(db: StudioDb): Promise<number> {
  return db.runs
    .where('status')
    .equals('running')
    .modify({ status: 'interrupted', updatedAt: Date.now() });
}

/** Runs stored as running: live in some tab or worker, or left so by a page that closed. */
export function listRunningRuns(db: StudioDb): Promise<RunRow[]> {
  return db.runs.where('status').equals('running').toArray();
}

/**
 * Deletes a run with everything that belongs to it (questions, solutions, cached requests,
 * events) in one transaction, so freeing space never leaves orphans behind.
 */
export async function deleteRun(db: StudioDb, id: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.runs, db.questions, db.solutions, db.requestCache, db.runEvents],
    async () => {
      await db.solutions.where('runId').equals(id).delete();
      await db.questions.where('runId').equals(id).delete();
      await db.requestCache.where('runId').equals(id).delete();
      await db.runEvents.where('[runId+at]').between([id, -Infinity], [id, Infinity]).delete();
      await db.runs.delete(id);
    },
  );
}
