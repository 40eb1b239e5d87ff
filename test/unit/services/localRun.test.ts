import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun, listRuns } from '../../../src/db/runRepository';
import { createRunService } from '../../../src/services/runService';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { createRunDispatcher } from '../../../src/services/runDispatcher';
import { RunManager } from '../../../src/state/runManager.svelte';
import type { RunWorkerPort } from '../../../src/services/runDispatcher';
import { createModelManager } from '../../../src/state/modelManager.svelte';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';
import type { RunBackend } from '../../../src/core/runs/runRow';
import { makeHarness, SMALL_MODEL } from '../../support/webLlmHarness';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const navigator = {
  gpu: {
    requestAdapter: () =>
      Promise.resolve({
        features: new Set<string>(),
        limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1 },
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
  },
};

async function setup() {
  db = new StudioDb(`local-run-${Math.random()}`);
  const h = makeHarness();
  const models = createModelManager({
    navigator,
    startWorker: () => ({ client: h.api }),
    fetch: () => Promise.reject(new TypeError('offline')),
  });
  await models.init();
  const local = createRunService({
    db,
    createEngine: (target) =>
      target.kind === 'webllm' ? models.engineFor(target.modelId) : undefined,
  });
  const remoteCalls: string[] = [];
  const remote: RunWorkerPort = {
    start: (runId) => {
      remoteCalls.push(`start:${runId}`);
      return Promise.resolve({ status: 'done' });
    },
    stop: (runId) => void remoteCalls.push(`stop:${runId}`),
    end: (runId) => void remoteCalls.push(`end:${runId}`),
  };
  const dispatcher = createRunDispatcher({
    db,
    local: () => Promise.resolve(local),
    remote: () => remote,
  });
  const runs = new RunManager({ db, worker: () => dispatcher, proxy: (f) => f });
  return { db, h, models, runs, remoteCalls, dispatcher };
}

const form = { name: 'local', targetPairs: 1, samples: 2, seed: 7 };
const endpoint = { baseUrl: '', model: '' };

describe('a run on the local WebLLM engine', () => {
  it('uses the loaded model, its family profile and the main-thread service', async () => {
    const { db, h, models, runs, remoteCalls } = await setup();
    await models.load(SMALL_MODEL);
    expect(models.loadedModel).toEqual({ modelId: SMALL_MODEL, family: 'qwen2_5' });
    // By content, not order: look-ahead starts the next generation before this one is judged.
    h.mlc.respond = (request, kind) => {
      if (kind === 'completion') return { text: 'What is 1 + 1?' };
      const messages = (request as { messages: { role: string }[] }).messages;
      return messages.some((m) => m.role === 'system')
        ? { text: 'It states everything needed to compute a sum.\nAnswer: Yes' }
        : { text: 'One plus one is \\boxed{2}.' };
    };

    const choice = { kind: 'webllm' as const, ...models.loadedModel! };
    expect(await runs.createAndStart(form, endpoint, choice)).toEqual([]);
    const [run] = await listRuns(db);
    expect(run!.backend).toEqual({ kind: 'webllm', modelId: SMALL_MODEL });
    expect(run!.config.profile).toBe('qwen2_5');
    await vi.waitFor(async () => expect((await getRun(db, run!.id))?.status).toBe('done'), {
      timeout: 25_000,
      interval: 50,
    });

    const prompt = (h.mlc.requests[0] as { prompt?: string }).prompt;
    expect(prompt).toBe(preQueryProfiles.qwen2_5.prefix);
    expect((await getRun(db, run!.id))!.progress.kept).toBe(1);
    expect(remoteCalls).toEqual([]);
  });

  it('fails a local run with next steps when its model is not loaded', async () => {
    const { db, runs } = await setup();
    const run = await createRun(db, {
      name: 'x',
      config: defaultRunConfig(),
      backend: { kind: 'webllm', modelId: SMALL_MODEL },
      appVersion: 'test',
    });
    await runs.start(run.id, endpoint);
    const stored = await getRun(db, run.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toBe(
      `Load ${SMALL_MODEL} under Local models (WebGPU), then resume this run.`,
    );
    expect(stored?.errorCode).toBe('model_not_loaded');
    // The failure stays with its run; no page-wide banner repeats it.
    expect(runs.notices).toEqual([]);
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => [e.kind, e.message])).toEqual([
      ['started', ''],
      ['failed', stored?.error],
    ]);
  });

  it('sends remote runs, their pause and their end to the pipeline worker', async () => {
    const { db, dispatcher, remoteCalls } = await setup();
    const backend: RunBackend = { kind: 'remote', baseUrl: 'http://x', model: 'm' };
    const run = await createRun(db, {
      name: 'r',
      config: defaultRunConfig(),
      backend,
      appVersion: 'test',
    });
    expect(await dispatcher.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    await dispatcher.stop(run.id);
    await dispatcher.end(run.id);
    expect(remoteCalls).toEqual([`start:${run.id}`, `stop:${run.id}`, `end:${run.id}`]);
  });

  it('requires server settings only for remote runs', async () => {
    const { runs } = await setup();
    expect(await runs.createAndStart(form, endpoint)).toEqual([
      'Set the server URL and model first.',
    ]);
  });
});
