import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRunService } from '../../../src/services/runService';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { passingEngine, remoteRun, smallConfig } from './storageFixtures';
import { accessTo } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const endpoint = accessTo('http://127.0.0.1:9', 'scripted');

describe('run events', () => {
  it('a run cut off before it stored anything resumes, it does not start a second time', async () => {
    db = new StudioDb(`events-${Math.random()}`);
    const run = await remoteRun(db, smallConfig(2));
    // Stop on the very first model call: nothing is stored yet.
    const first = passingEngine(() => service.stop(run.id));
    let engine = first;
    const service: ReturnType<typeof createRunService> = createRunService({
      db,
      createEngine: () => engine,
    });
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'paused' });
    expect((await db.runs.get(run.id))!.progress.attempts).toBe(0);

    engine = passingEngine();
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    const kinds = (await listRunEvents(db, run.id)).map((e) => e.kind);
    expect(kinds).toEqual(['started', 'paused', 'resumed', 'done']);
  });
});
