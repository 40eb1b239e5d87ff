import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRunService } from '../../../src/services/runService';
import { FULL_START_MESSAGE, QUOTA_MESSAGE } from '../../../src/services/storageFull';
import type { RunControlMessage } from '../../../src/services/runControl';
import { deleteRun, getRun } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { isQuotaError } from '../../../src/db/quotaError';
import { canWrite } from '../../../src/db/storageProbe';
import { expectConsistent, passingEngine, remoteRun, smallConfig } from './storageFixtures';
import { localRunControlBus } from '../../support/localRunControl';
import { accessTo } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const endpoint = accessTo('http://127.0.0.1:9', 'scripted');

/** What Chromium's IndexedDB hands Dexie when a commit exceeds the quota, as Dexie reports it. */
const quotaAbort = () =>
  new Dexie.AbortError(
    'Transaction aborted',
    new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
  );

/**
 * A disk that fills up: once `full`, every write that adds data fails as Chromium's does (the
 * solutions of a question, a run's status, an event, a new run); deletes still work.
 */
function fillable(database: StudioDb, afterSolutions = Infinity) {
  const disk = { full: false, solutions: 0 };
  database.solutions.hook('creating', () => {
    // Fills up once, when that many solutions were written; freeing space clears it for good.
    if (++disk.solutions === afterSolutions + 1) disk.full = true;
    if (disk.full) throw quotaAbort();
  });
  const refuse = () => {
    if (disk.full) throw quotaAbort();
  };
  database.runs.hook('creating', refuse);
  database.runs.hook('updating', refuse);
  database.runEvents.hook('creating', refuse);
  database.requestCache.hook('creating', refuse);
  return disk;
}

function recorder() {
  const bus = localRunControlBus();
  const heard: RunControlMessage[] = [];
  const listener = bus.connect();
  listener.listen((m) => heard.push(m));
  return { bus, heard, control: bus.connect(), page: listener };
}

/**
 * A run of `questions` questions started on a disk that fills up once `afterSolutions` solutions
 * are written, returned once every tab has been told it is paused.
 */
async function pausedByFullDisk(questions: number, afterSolutions: number, retryWriteMs: number) {
  const database = (db = new StudioDb(`quota-${Math.random()}`));
  const run = await remoteRun(database, smallConfig(questions));
  const disk = fillable(database, afterSolutions);
  const { heard, control, page } = recorder();
  const service = createRunService({
    db: database,
    createEngine: () => passingEngine(),
    control,
    retryWriteMs,
  });
  const outcome = service.start(run.id, endpoint, () => {});
  await expect.poll(() => heard.some((m) => m.type === 'live' && m.live)).toBe(true);
  return { db: database, run, disk, heard, page, service, outcome };
}

const kinds = async (runId: string) =>
  (await listRunEvents(db!, runId)).map((e) => (e.message ? `${e.kind}: ${e.message}` : e.kind));

describe('full storage', () => {
  it('pauses the run (not a person pause), holds the pause until it can be written, then resumes', async () => {
    // Full while the 3rd question's solutions are written (mid-transaction).
    const { db, run, disk, heard, service, outcome } = await pausedByFullDisk(6, 4, 20);

    // Even "paused" cannot be written: the row still says running, every tab is told paused.
    expect(heard.find((m) => m.type === 'live')).toEqual({
      type: 'live',
      runId: run.id,
      live: { status: 'paused', error: QUOTA_MESSAGE, errorCode: 'quota' },
    });
    expect((await getRun(db, run.id))!.status).toBe('running');
    // The first two questions stored whole; the third rolled back with its solutions.
    await expectConsistent(db, run.id, 2);
    expect((await getRun(db, run.id))!.progress).toMatchObject({ attempts: 2, kept: 2 });

    disk.full = false; // space freed
    expect(await outcome).toEqual({ status: 'paused', message: QUOTA_MESSAGE });
    const paused = (await getRun(db, run.id))!;
    expect(paused).toMatchObject({ status: 'paused', error: QUOTA_MESSAGE, errorCode: 'quota' });
    expect(heard.filter((m) => m.type === 'live').at(-1)).toMatchObject({ live: null });
    expect(await kinds(run.id)).toEqual(['started', 'paused: storage full']);

    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    const { run: done } = await expectConsistent(db, run.id, 2);
    expect(done.progress).toMatchObject({ attempts: 6, kept: 6 });
    expect(done.error).toBeUndefined();
    expect(done.errorCode).toBeUndefined();
    expect(await kinds(run.id)).toEqual([
      'started',
      'paused: storage full',
      'resumed',
      'done: kept 6 of 6 in 6 attempts',
    ]);
  });

  it('a held pause resumes in place when asked (from any tab), its pause entering the history', async () => {
    const { db, run, disk, page, service, outcome } = await pausedByFullDisk(4, 2, 60_000);
    // Already driven here: a second start is refused as busy, and resume goes over the channel.
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'busy' });
    disk.full = false;
    page.post({ type: 'resume', runId: run.id });
    expect(await outcome).toEqual({ status: 'done' });
    expect(await kinds(run.id)).toEqual([
      'started',
      'paused: storage full',
      'resumed',
      'done: kept 4 of 4 in 4 attempts',
    ]);
    await expectConsistent(db, run.id, 2);
  });

  it('an end asked while the pause is held is written once there is room', async () => {
    const { db, run, disk, page, outcome } = await pausedByFullDisk(4, 2, 20);
    page.post({ type: 'end', runId: run.id });
    await new Promise((r) => setTimeout(r, 100));
    expect((await getRun(db, run.id))!.status).toBe('running');
    disk.full = false;
    expect(await outcome).toEqual({ status: 'stopped' });
    expect((await getRun(db, run.id))!.status).toBe('stopped');
    expect(await kinds(run.id)).toEqual(['started', 'stopped: Stopped by the person']);
  });

  it('starting a run while full changes nothing and says so', async () => {
    db = new StudioDb(`quota-${Math.random()}`);
    const run = await remoteRun(db, smallConfig(2));
    const disk = fillable(db);
    disk.full = true;
    const service = createRunService({ db, createEngine: () => passingEngine(), control: null });
    expect(await service.start(run.id, endpoint, () => {})).toEqual({
      status: 'full',
      message: FULL_START_MESSAGE,
    });
    expect((await getRun(db, run.id))!.status).toBe('ready');
    expect(await listRunEvents(db, run.id)).toEqual([]);
    expect(await canWrite(db)).toBe(false);
    disk.full = false;
    expect(await canWrite(db)).toBe(true);
    expect(await db.requestCache.count()).toBe(0);
  });

  it('recognises the quota error however Dexie or a worker hands it over', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(quotaAbort())).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'QuotaExceededError', message: 'cloned' })).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('deleting a run frees its questions, solutions, cache and events in one go', async () => {
    db = new StudioDb(`delete-${Math.random()}`);
    const keep = await remoteRun(db, smallConfig(2));
    const drop = await remoteRun(db, smallConfig(3));
    const service = createRunService({ db, createEngine: () => passingEngine(), control: null });
    await service.start(keep.id, endpoint, () => {});
    await service.start(drop.id, endpoint, () => {});
    await db.requestCache.put({ key: 'k', runId: drop.id, response: {}, createdAt: 1 });
    await deleteRun(db, drop.id);
    expect(await db.runs.get(drop.id)).toBeUndefined();
    for (const table of [db.questions, db.solutions, db.requestCache] as const)
      expect(await table.where('runId').equals(drop.id).count()).toBe(0);
    expect(await listRunEvents(db, drop.id)).toEqual([]);
    expect(await db.questions.where('runId').equals(keep.id).count()).toBe(2);
    expect((await listRunEvents(db, keep.id)).length).toBeGreaterThan(0);
  });
});
