import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRunService, QUOTA_MESSAGE } from '../../../src/services/runService';
import { deleteRun } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { isQuotaError } from '../../../src/db/quotaError';
import { expectConsistent, passingEngine, remoteRun, smallConfig } from './storageFixtures';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const endpoint = { baseUrl: 'http://127.0.0.1:9', model: 'scripted' };

describe('storage quota', () => {
  it('pauses the run when a write hits the quota, keeps the database consistent, and resumes after space is freed', async () => {
    db = new StudioDb(`quota-${Math.random()}`);
    const run = await remoteRun(db, smallConfig(6));
    // The disk "fills up" while the 3rd question's solutions are written (mid-transaction).
    let written = 0;
    let full = true;
    db.solutions.hook('creating', () => {
      if (full && ++written > 4)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const service = createRunService({ db, createEngine: () => passingEngine() });
    const outcome = await service.start(run.id, endpoint, () => {});
    expect(outcome).toEqual({ status: 'paused', message: QUOTA_MESSAGE });
    const { run: paused, questions } = await expectConsistent(db, run.id, 2);
    expect(paused.status).toBe('paused');
    expect(paused.error).toBe(QUOTA_MESSAGE);
    // The first two questions stored whole; the third rolled back with its solutions.
    expect(paused.progress).toMatchObject({ attempts: 2, kept: 2 });
    expect(questions).toHaveLength(2);
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'quota']);
    expect(events[1]!.message).toBe(QUOTA_MESSAGE);

    full = false;
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    const { run: done } = await expectConsistent(db, run.id, 2);
    expect(done.progress).toMatchObject({ attempts: 6, kept: 6 });
    expect(done.error).toBeUndefined();
  });

  it('recognises the quota error however Dexie or a worker hands it over', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'QuotaExceededError', message: 'cloned' })).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('deleting a run frees its questions, solutions, cache and events in one go', async () => {
    db = new StudioDb(`delete-${Math.random()}`);
    const keep = await remoteRun(db, smallConfig(2));
    const drop = await remoteRun(db, smallConfig(3));
    const service = createRunService({ db, createEngine: () => passingEngine() });
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
