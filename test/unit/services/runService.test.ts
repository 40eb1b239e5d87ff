import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun } from '../../../src/db/runRepository';
import { createRunService } from '../../../src/services/runService';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { RunEvent } from '../../../src/services/runService';
import { startTestServer, type TestServer } from '../../support/openAiTestServer';
import { OpenAiCompatibleEngine } from '../../../src/engine/openai/openAiCompatibleEngine';
import { remoteBackends, accessTo } from '../../support/backends';

let db: StudioDb | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  await db?.delete();
});

async function setup() {
  db = new StudioDb(`service-${Math.random()}`);
  server = await startTestServer();
  const run = await createRun(db, {
    name: 'five',
    config: defaultRunConfig({ targetPairs: 5, seed: 0 }),
    backends: remoteBackends(server.url, 'scripted-math'),
    appVersion: 'test',
  });
  return { db, server, run, endpoint: accessTo(server.url, 'scripted-math') };
}

describe('runService against the scripted OpenAI-compatible server', () => {
  it('runs to the target and marks the run done', async () => {
    const { db, run, endpoint } = await setup();
    const service = createRunService({ db });
    const outcome = await service.start(run.id, endpoint, () => {});
    expect(outcome).toEqual({ status: 'done' });
    const stored = (await getRun(db, run.id))!;
    expect(stored.status).toBe('done');
    expect(stored.progress).toMatchObject({
      kept: 5,
      attempts: 8,
      rejected: { language: 1, dedup: 1, generate: 1 },
    });
  });

  it('pauses on stop and resumes to the same result with no duplicates', async () => {
    const { db, run, endpoint } = await setup();
    // Stop during a model call once two attempts are stored, so some work is done and some is not.
    let stored = 0;
    let stopped = false;
    const service: ReturnType<typeof createRunService> = createRunService({
      db,
      createEngine: (target) => {
        if (target.kind !== 'remote') return undefined;
        const engine = new OpenAiCompatibleEngine(target.endpoints[0]!);
        const chat = engine.chat.bind(engine);
        engine.chat = (request, signal) => {
          if (stored >= 2 && !stopped) {
            stopped = true;
            service.stop(run.id);
          }
          return chat(request, signal);
        };
        return engine;
      },
    });
    const onEvent = (ev: RunEvent) => void (ev.type === 'stored' && stored++);
    expect(await service.start(run.id, endpoint, onEvent)).toEqual({ status: 'paused' });
    expect(stopped).toBe(true);
    expect((await getRun(db, run.id))!.status).toBe('paused');
    const partial = await db.questions.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(8);
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    const questions = await db.questions.where('runId').equals(run.id).toArray();
    expect(questions).toHaveLength(8);
    expect(new Set(questions.map((q) => q.index)).size).toBe(8);
    expect(questions.filter((q) => q.status === 'kept')).toHaveLength(5);
    expect(await db.solutions.count()).toBe(
      await db.solutions.where('runId').equals(run.id).count(),
    );
  });

  it('reports an unreachable server as a failed run with the reason', async () => {
    const { db } = await setup();
    // The run's stored server is the one it calls (the page only adds keys by URL).
    const run = await createRun(db, {
      name: 'dead',
      config: defaultRunConfig({ targetPairs: 1 }),
      backends: remoteBackends('http://127.0.0.1:9', 'm'),
      appVersion: 'test',
    });
    const service = createRunService({
      db,
      createEngine: (target) =>
        target.kind === 'remote' ? new OpenAiCompatibleEngine(target.endpoints[0]!) : undefined,
    });
    const outcome = await service.start(run.id, { endpoints: [] }, () => {});
    expect(outcome.status).toBe('failed');
    const stored = (await getRun(db, run.id))!;
    expect(stored.status).toBe('failed');
    expect(stored.error).toMatch(/Could not reach/);
  });
});
