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
import { makeHarness, SMALL_MODEL } from '../../support/webLlmHarness';
import { softwareGpu } from '../../support/softwareGpu';
import { modelFetch } from '../../support/modelFetch';
import { accessTo, localBackends, remoteBackends } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const navigator = { gpu: softwareGpu };

async function setup() {
  db = new StudioDb(`local-run-${Math.random()}`);
  const h = makeHarness();
  const models = createModelManager({
    navigator,
    startWorker: () => ({ client: h.api }),
    fetch: modelFetch(),
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

/** The page's RunManager, resuming local runs through the model manager. */
async function setupWithModels() {
  const base = await setup();
  const withModels = new RunManager({
    db: base.db,
    worker: () => base.dispatcher,
    proxy: (f) => f,
    localModels: base.models,
  });
  await withModels.init();
  return { ...base, withModels };
}

const form = { name: 'local', targetPairs: 1, samples: 2, seed: 7 };
const endpoint = accessTo('', '');

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
    expect(run!.backends).toEqual(localBackends(SMALL_MODEL));
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

  it('leaves a local run interrupted (not failed) when its model is not loaded', async () => {
    const { db, dispatcher } = await setup();
    const run = await createRun(db, {
      name: 'x',
      config: defaultRunConfig(),
      backends: localBackends(SMALL_MODEL),
      appVersion: 'test',
    });
    expect(await dispatcher.start(run.id, endpoint, () => {})).toEqual({
      status: 'interrupted',
      message: `${SMALL_MODEL} was not loaded when the run started.`,
    });
    const stored = await getRun(db, run.id);
    expect(stored?.status).toBe('interrupted');
    expect(stored?.error).toBe(`${SMALL_MODEL} was not loaded when the run started.`);
    expect(stored?.errorCode).toBe('model_not_loaded');
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => [e.kind, e.message])).toEqual([
      ['started', ''],
      ['interrupted', stored?.error],
    ]);
  });

  it('resumes a local run by loading its model first, and says once what to do meanwhile', async () => {
    const { db, h, models, withModels } = await setupWithModels();
    h.mlc.respond = (request, kind) => {
      if (kind === 'completion') return { text: 'What is 1 + 1?' };
      const messages = (request as { messages: { role: string }[] }).messages;
      return messages.some((m) => m.role === 'system')
        ? { text: 'Fine.\nAnswer: Yes' }
        : { text: '\\boxed{2}' };
    };
    const run = await createRun(db, {
      name: 'cut off',
      config: { ...defaultRunConfig({ targetPairs: 1 }), maxAttempts: 1 },
      backends: localBackends(SMALL_MODEL),
      appVersion: 'test',
    });
    await vi.waitFor(() => expect(withModels.runs.map((r) => r.id)).toContain(run.id));
    const row = () => withModels.runs.find((r) => r.id === run.id)!;
    expect(withModels.missingLocalModels(row())).toEqual([SMALL_MODEL]);

    h.mlc.holdPhase = 'fetch';
    const resuming = withModels.start(run.id, endpoint);
    await vi.waitFor(() => expect(withModels.waitingFor(run.id)).toBe(SMALL_MODEL));
    expect((await getRun(db, run.id))?.status).toBe('ready');
    h.mlc.finishLoad();
    await resuming;
    expect(models.isLoaded(SMALL_MODEL)).toBe(true);
    expect(withModels.waitingFor(run.id)).toBeUndefined();
    expect(withModels.missingLocalModels(row())).toEqual([]);
    expect((await getRun(db, run.id))?.status).toBe('done');
    // Nothing page-wide: the run itself shows how it went.
    expect(withModels.notices).toEqual([]);
  });

  it('keeps the run as it was when the model does not load', async () => {
    const { db, h, withModels } = await setupWithModels();
    const run = await createRun(db, {
      name: 'cut off',
      config: defaultRunConfig(),
      backends: localBackends(SMALL_MODEL),
      appVersion: 'test',
    });
    await vi.waitFor(() => expect(withModels.runs.map((r) => r.id)).toContain(run.id));
    h.mlc.loadErrors.push(new SyntaxError('Unexpected end of JSON input'));
    await withModels.start(run.id, endpoint);
    expect((await getRun(db, run.id))?.status).toBe('ready');
    expect(withModels.notices).toEqual([
      {
        id: 'model',
        message: `${SMALL_MODEL} did not load, so "cut off" was not resumed. Models says what went wrong.`,
      },
    ]);
  });

  it('sends remote runs, their pause and their end to the pipeline worker', async () => {
    const { db, dispatcher, remoteCalls } = await setup();
    const run = await createRun(db, {
      name: 'r',
      config: defaultRunConfig(),
      backends: remoteBackends('http://x', 'm'),
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
