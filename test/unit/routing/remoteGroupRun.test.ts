// Runs whose roles go to different backends: a group of two scripted servers with keys, and
// scripted engines per role through the run service.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun } from '../../../src/db/runRepository';
import { createRunService, type RunEvent } from '../../../src/services/runService';
import type { EndpointsEvent } from '../../../src/services/poolStats';
import { createRunDispatcher } from '../../../src/services/runDispatcher';
import { RunManager } from '../../../src/state/runManager.svelte';
import { EndpointSettings } from '../../../src/state/endpointSettings.svelte';
import { sameForAll } from '../../../src/state/stageChoices';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { startTestServer, type TestServer } from '../../support/openAiTestServer';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { MemoryStorage } from '../../support/memoryStorage';
import { remoteBackends } from '../../support/backends';

let db: StudioDb | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await db?.delete();
});

const KEY_A = 'sk-alpha-0000-1111';
const KEY_B = 'sk-bravo-2222-3333';

describe('a remote group of two endpoints', () => {
  it('spreads a run over both with their keys, streams endpoint stats and stores no key', async () => {
    db = new StudioDb(`group-run-${Math.random()}`);
    servers.push(await startTestServer(), await startTestServer());
    const [a, b] = servers as [TestServer, TestServer];
    const settings = new EndpointSettings(new MemoryStorage());
    const groupId = settings.groups[0]!.id;
    Object.assign(settings.endpoints[0]!, {
      baseUrl: a.url,
      model: 'scripted-math',
      apiKey: KEY_A,
    });
    const second = settings.addEndpoint(groupId);
    Object.assign(
      settings.endpoints.find((e) => e.id === second)!,
      {
        baseUrl: b.url,
        apiKey: KEY_B,
      },
    );

    const events: RunEvent[] = [];
    const service = createRunService({ db, statsIntervalMs: 0 });
    const dispatcher = createRunDispatcher({
      db,
      local: () => Promise.reject(new Error('no local roles here')),
      remote: () => ({
        start: (id, access, onEvent) =>
          service.start(id, access, (e) => {
            events.push(e);
            onEvent(e);
          }),
        stop: (id) => service.stop(id),
        end: (id) => service.end(id),
      }),
    });
    const runs = new RunManager({ db, worker: () => dispatcher, proxy: (f) => f });
    const form = { name: 'group', targetPairs: 5, samples: 3, seed: 0 };
    const choices = sameForAll({ kind: 'remote', groupId });
    expect(await runs.createAndStart(form, settings.access, choices)).toEqual([]);
    const runId = runs.selectedRun?.id ?? (await db.runs.toCollection().first())!.id;
    await runs.start(runId, settings.access); // already running: reports it, changes nothing
    await waitDone(db, runId);

    const stored = (await getRun(db, runId))!;
    expect(stored.progress.kept).toBe(5);
    // Four requests in flight per replica, so both are used (results keep attempt order).
    expect(stored.config.concurrency).toBe(8);
    expect(stored.backends?.solve).toEqual({
      kind: 'remote',
      groupId,
      replicas: [
        { baseUrl: a.url, model: 'scripted-math' },
        { baseUrl: b.url, model: 'scripted-math' },
      ],
    });
    const everything = JSON.stringify(await db.runs.toArray());
    expect(everything).not.toContain('alpha');
    expect(everything).not.toContain('bravo');

    const generation = (s: TestServer) => s.requests.filter((r) => r.method === 'POST');
    expect(generation(a).length).toBeGreaterThan(0);
    expect(generation(b).length).toBeGreaterThan(0);
    expect(new Set(generation(a).map((r) => r.authorization))).toEqual(
      new Set([`Bearer ${KEY_A}`]),
    );
    expect(new Set(generation(b).map((r) => r.authorization))).toEqual(
      new Set([`Bearer ${KEY_B}`]),
    );

    const snapshots = events.filter((e): e is EndpointsEvent => e.type === 'endpoints');
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    const last = snapshots.at(-1)!.pools;
    expect(last).toHaveLength(1);
    expect(last[0]!.roles).toEqual(['generate', 'judge', 'solve', 'score']);
    expect(last[0]!.endpoints.map((e) => [e.label, e.apiKey, e.inFlight])).toEqual([
      [`${a.url}/v1`, '••••1111', 0],
      [`${b.url}/v1`, '••••3333', 0],
    ]);
    const completed = last[0]!.endpoints.reduce((sum, e) => sum + e.completed, 0);
    expect(completed).toBe(generation(a).length + generation(b).length);
    expect(runs.endpointActivity?.pools[0]?.endpoints).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(KEY_A);
  });
});

describe('scripted engines per role through the run service', () => {
  it('sends generation to one engine and judge, solve and score to the other', async () => {
    db = new StudioDb(`roles-${Math.random()}`);
    const question = { text: 'What is 2 plus 3?' };
    const generator = new ScriptedEngine(
      () => question,
      () => [],
    );
    const solver = new ScriptedEngine(
      () => ({ text: 'the solver engine must not generate' }),
      (_q, n) => Array.from({ length: n }, (_, i) => `Way ${i + 1}: 2 + 3 = \\boxed{5}`),
    );
    const config = {
      ...defaultRunConfig({ targetPairs: 1 }),
      selection: { preferMajority: true, scorer: 'local-judge' as const, scorerMaxTokens: 8 },
    };
    const run = await createRun(db, {
      name: 'roles',
      config,
      backends: {
        generate: {
          kind: 'remote',
          groupId: 'gen',
          replicas: [{ baseUrl: 'http://gen:8000', model: 'g' }],
        },
        judge: { kind: 'webllm', modelId: 'judge-model' },
        solve: { kind: 'webllm', modelId: 'judge-model' },
        score: { kind: 'webllm', modelId: 'judge-model' },
      },
      appVersion: 'test',
    });
    const targets: string[] = [];
    const service = createRunService({
      db,
      createEngine: (target) => {
        targets.push(target.kind === 'webllm' ? target.modelId : target.endpoints[0]!.baseUrl);
        return target.kind === 'webllm' ? solver : generator;
      },
    });
    expect(await service.start(run.id, { endpoints: [] }, () => {})).toEqual({ status: 'done' });
    expect(targets).toEqual(['http://gen:8000', 'judge-model']);
    expect(generator.completeCalls.length).toBeGreaterThanOrEqual(1);
    expect(generator.chatCalls).toHaveLength(0);
    expect(solver.completeCalls).toHaveLength(0);
    // One solvability verdict (+ difficulty), then 1–10 grades of the 3 candidates.
    expect(solver.judgeCalls.length).toBeGreaterThanOrEqual(1 + config.solve.samples);
    expect(solver.chatCalls.length - solver.judgeCalls.length).toBeGreaterThanOrEqual(1);
  });

  it('fails with next steps when a local role’s model is not loaded', async () => {
    db = new StudioDb(`roles-missing-${Math.random()}`);
    const run = await createRun(db, {
      name: 'x',
      config: defaultRunConfig(),
      backends: { ...remoteBackends('http://gen', 'g'), solve: { kind: 'webllm', modelId: 'Phi' } },
      appVersion: 'test',
    });
    const service = createRunService({
      db,
      createEngine: (t) =>
        t.kind === 'remote'
          ? new ScriptedEngine(
              () => ({ text: '' }),
              () => [],
            )
          : undefined,
    });
    const outcome = await service.start(run.id, { endpoints: [] }, () => {});
    expect(outcome).toEqual({
      status: 'interrupted',
      message: 'Phi was not loaded when the run started.',
    });
    expect((await getRun(db, run.id))?.status).toBe('interrupted');
  });
});

async function waitDone(database: StudioDb, runId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const status = (await getRun(database, runId))?.status;
    if (status === 'done' || status === 'failed') return;
    await new Promise((r) => setTimeout(r, 25));
  }
}
