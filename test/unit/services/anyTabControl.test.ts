import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { getRun } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { createRunService } from '../../../src/services/runService';
import { RunManager } from '../../../src/state/runManager.svelte';
import type { LlmEngine } from '../../../src/core/ports/llmEngine';
import { localRunControlBus } from '../../support/localRunControl';
import { installMemoryLocks } from '../../support/memoryLocks';
import { passingEngine, remoteRun, smallConfig } from '../storage/storageFixtures';
import { accessTo } from '../../support/backends';

let db: StudioDb | undefined;
let uninstall: () => void;
beforeAll(() => (uninstall = installMemoryLocks()));
afterAll(() => uninstall());
afterEach(async () => {
  await db?.delete();
});

/** Each answer waits a little, so the run is still going while other tabs act on it. */
function slow(inner: LlmEngine): LlmEngine {
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, 10);
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted'))));
    });
  return {
    info: inner.info,
    complete: async (r, s) => (await wait(s), inner.complete(r, s)),
    chat: async (r, s) => (await wait(s), inner.chat(r, s)),
  };
}

const endpoint = accessTo('http://127.0.0.1:9', 'scripted');

/** One browser tab: its page state and the run service behind it, on a shared channel. */
function tab(database: StudioDb, bus: ReturnType<typeof localRunControlBus>) {
  const service = createRunService({
    db: database,
    createEngine: () => slow(passingEngine()),
    control: bus.connect(),
  });
  const runs = new RunManager({
    db: database,
    worker: () => service,
    proxy: (f) => f,
    control: bus.connect(),
  });
  return { service, runs };
}

describe('any tab controls the run', () => {
  it('pause, resume and stop reach whichever tab drives the run', async () => {
    db = new StudioDb(`tabs-${Math.random()}`);
    const bus = localRunControlBus();
    const a = tab(db, bus);
    const b = tab(db, bus);
    await Promise.all([a.runs.init(), b.runs.init()]);
    const run = await remoteRun(db, smallConfig(60));
    const status = async () => (await getRun(db!, run.id))!.status;
    const keptSoFar = async () => (await getRun(db!, run.id))!.progress.kept;

    const drivenByA = a.runs.start(run.id, endpoint);
    await expect.poll(keptSoFar).toBeGreaterThan(0);
    // Tab B pauses the run tab A drives.
    await b.runs.stop(run.id);
    await drivenByA;
    expect(await status()).toBe('paused');

    // Tab B resumes it: B now drives it. Then tab A stops it for good.
    const drivenByB = b.runs.start(run.id, endpoint);
    await expect.poll(status).toBe('running');
    const keptAtResume = await keptSoFar();
    await expect.poll(keptSoFar).toBeGreaterThan(keptAtResume);
    await a.runs.end(run.id);
    expect(await status()).toBe('stopped');
    await drivenByB;
    const ended = (await getRun(db, run.id))!;
    expect(ended.progress.kept).toBeLessThan(60);
    expect(
      await db.questions.where('[runId+index]').between([run.id, 0], [run.id, Infinity]).count(),
    ).toBe(ended.progress.attempts);
    expect((await listRunEvents(db, run.id)).map((e) => e.kind)).toEqual([
      'started',
      'paused',
      'resumed',
      'stopped',
    ]);
    a.runs.dispose();
    b.runs.dispose();
  });

  it('a state the driver could not store yet shows in every tab until the row catches up', async () => {
    db = new StudioDb(`tabs-${Math.random()}`);
    const bus = localRunControlBus();
    const b = tab(db, bus);
    await b.runs.init();
    const run = await remoteRun(db, smallConfig(2));
    await db.runs.update(run.id, { status: 'running' });
    await expect.poll(() => b.runs.runs[0]?.status).toBe('running');
    const driver = bus.connect();
    driver.post({
      type: 'live',
      runId: run.id,
      live: { status: 'paused', error: 'storage full', errorCode: 'quota' },
    });
    await expect.poll(() => b.runs.runs[0]?.status).toBe('paused');
    expect(b.runs.runs[0]).toMatchObject({ error: 'storage full', errorCode: 'quota' });
    // Once stored, the row is newer than any announcement.
    await db.runs.update(run.id, { status: 'paused', error: undefined, errorCode: undefined });
    await expect.poll(() => b.runs.runs[0]?.error).toBeUndefined();
    driver.post({ type: 'live', runId: run.id, live: null });
    b.runs.dispose();
  });
});
