import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, recordTransition } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import {
  CUT_OFF_MESSAGE,
  reopenAbandonedRuns,
  type RunToResume,
} from '../../../src/services/resumeOnOpen';
import { withRunLock } from '../../../src/services/runLock';
import { smallConfig } from './storageFixtures';
import { localBackends, remoteBackends } from '../../support/backends';
import type { RunBackends } from '../../../src/core/runs/runBackends';

let db: StudioDb;
afterEach(async () => {
  await db?.delete();
});

async function running(backends: RunBackends) {
  const run = await createRun(db, { name: 'r', config: smallConfig(2), backends, appVersion: 't' });
  await db.runs.update(run.id, { status: 'running' });
  return run.id;
}

describe('reopening the studio', () => {
  it('resumes abandoned remote runs, leaves locked ones alone and asks for local models', async () => {
    db = new StudioDb(`reopen-${Math.random()}`);
    const remote = await running(remoteBackends('http://a', 'm'));
    const other = await running(remoteBackends('http://b', 'm2'));
    const live = await running(remoteBackends('http://a', 'm'));
    // Held by a page that is going away: reopened once its lock is released.
    const cutOff = await running(remoteBackends('http://a', 'm'));
    const local = await running(localBackends('Qwen-0.5B'));
    const resume: RunToResume[] = [];
    const saved = {
      endpoints: [{ groupId: 'g', baseUrl: 'http://a', model: 'x', apiKey: 'sk-key' }],
    };
    let release!: () => void;
    const freed = new Promise<void>((r) => (release = r));
    await reopenAbandonedRuns(db, {
      heldRuns: () => Promise.resolve(new Set([live, cutOff])),
      waitForLock: (id) => (id === cutOff ? freed : new Promise(() => {})),
      endpoint: () => saved,
      resume: (r) => resume.push(r),
    });
    // Keys travel with the saved endpoints; the run service matches them to the run's own URLs.
    expect(resume).toEqual(
      expect.arrayContaining([
        { runId: remote, access: saved },
        { runId: other, access: saved },
      ]),
    );
    expect(resume).toHaveLength(2);
    expect((await db.runs.get(live))!.status).toBe('running');
    const waiting = (await db.runs.get(local))!;
    expect(waiting.status).toBe('interrupted');
    expect(waiting.error).toBe(CUT_OFF_MESSAGE);
    expect((await listRunEvents(db, local)).map((e) => e.kind)).toEqual(['interrupted']);
    release();
    await expect.poll(() => resume.length).toBe(3);
    expect(resume[2]!.runId).toBe(cutOff);
  });

  it('resumes remote runs paused by a server outage, not those paused by the person', async () => {
    db = new StudioDb(`reopen-outage-${Math.random()}`);
    const backend = remoteBackends('http://a', 'm');
    const outage = await running(backend);
    const byPerson = await running(backend);
    const held = await running(backend);
    for (const id of [outage, held])
      await recordTransition(db, id, {
        status: 'paused',
        error: 'The server of "a" has failed for 30 s: …',
        errorCode: 'network',
        event: { kind: 'paused', message: 'server outage: a (503)' },
      });
    await recordTransition(db, byPerson, {
      status: 'paused',
      event: { kind: 'paused', message: '' },
    });
    const resume: RunToResume[] = [];
    await reopenAbandonedRuns(db, {
      heldRuns: () => Promise.resolve(new Set([held])),
      waitForLock: () => new Promise(() => {}),
      resume: (r) => resume.push(r),
    });
    expect(resume).toEqual([{ runId: outage, access: { endpoints: [] } }]);
  });

  it('runs a locked body once: a second claim on the same run is refused while it runs', async () => {
    const held = new Set<string>();
    const fake = {
      request: async <T>(name: string, _o: unknown, cb: (lock: unknown) => Promise<T> | T) => {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
      query: () => Promise.resolve({ held: [...held].map((name) => ({ name })) }),
    };
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { locks: fake }, configurable: true });
    try {
      let release!: () => void;
      const first = withRunLock(
        'r1',
        () => new Promise<string>((r) => (release = () => r('ran'))),
        () => 'busy',
      );
      expect(
        await withRunLock(
          'r1',
          () => Promise.resolve('ran'),
          () => 'busy',
        ),
      ).toBe('busy');
      expect(
        await withRunLock(
          'r2',
          () => Promise.resolve('ran'),
          () => 'busy',
        ),
      ).toBe('ran');
      release();
      expect(await first).toBe('ran');
      expect(
        await withRunLock(
          'r1',
          () => Promise.resolve('again'),
          () => 'busy',
        ),
      ).toBe('again');
      expect(g.navigator).toBeDefined();
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });
});
