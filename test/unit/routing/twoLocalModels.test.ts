// Two local models loaded at once, each in its own (scripted) WebLLM worker: a run generates on
// one and judges/solves on the other, through RunManager → dispatcher → main-thread run service.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { getRun, listRuns } from '../../../src/db/runRepository';
import { createRunService } from '../../../src/services/runService';
import { createRunDispatcher } from '../../../src/services/runDispatcher';
import { RunManager } from '../../../src/state/runManager.svelte';
import type { RunWorkerPort } from '../../../src/services/runDispatcher';
import { createModelManager } from '../../../src/state/modelManager.svelte';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';
import { makeHarness, SMALL_MODEL, SMOL_MODEL as SMOL } from '../../support/webLlmHarness';
import { softwareGpu } from '../../support/softwareGpu';
import { modelFetch } from '../../support/modelFetch';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const navigator = { gpu: softwareGpu };

function twoWorkers() {
  const harnesses = [makeHarness(), makeHarness()];
  const terminated: number[] = [];
  let started = 0;
  const startWorker = () => {
    const index = started++;
    const h = harnesses[index];
    if (!h) throw new Error('only two workers expected');
    return { client: h.api, terminate: () => void terminated.push(index) };
  };
  const models = createModelManager({
    navigator,
    startWorker,
    fetch: modelFetch(),
  });
  return {
    models,
    harnesses: harnesses as [(typeof harnesses)[0], (typeof harnesses)[0]],
    terminated,
  };
}

describe('several local models', () => {
  it('loads a second model in its own worker, states the VRAM sum and unloads it alone', async () => {
    const { models, harnesses, terminated } = twoWorkers();
    await models.init();
    await models.load(SMALL_MODEL);
    expect(models.vramNotice).toBeUndefined();
    await models.loadAlongside(SMOL);
    expect(models.loadedModels).toEqual([
      { modelId: SMALL_MODEL, family: 'qwen2_5' },
      { modelId: SMOL, family: 'smollm2' },
    ]);
    expect(harnesses[0].mlc.loadedModel).toBe(SMALL_MODEL);
    expect(harnesses[1].mlc.loadedModel).toBe(SMOL);
    // 1060.2 MB + 579.61 MB (WebLLM's figures for these q4f32 builds).
    expect(models.vramNotice).toContain('needs 1.6 GB of GPU memory in total');
    expect(models.vramNotice).toContain(`${SMALL_MODEL}: 1.0 GB, ${SMOL}: 580 MB`);

    await models.engineFor(SMOL)!.complete({ prompt: 'x', maxTokens: 4, temperature: 0, topP: 1 });
    expect(harnesses[1].mlc.requests).toHaveLength(1);
    expect(harnesses[0].mlc.requests).toHaveLength(0);

    await models.unload(SMOL);
    expect(terminated).toEqual([1]);
    expect(models.loadedModels.map((m) => m.modelId)).toEqual([SMALL_MODEL]);
    expect(models.loadState).toBe('ready');
    expect(models.vramNotice).toBeUndefined();
  });

  it('runs generation on one model and judge + solve on the other', async () => {
    db = new StudioDb(`two-local-${Math.random()}`);
    const { models, harnesses } = twoWorkers();
    await models.init();
    await models.load(SMOL);
    await models.loadAlongside(SMALL_MODEL);
    const [smol, qwen] = harnesses;
    smol.mlc.respond = (_request, kind) =>
      kind === 'completion'
        ? { text: 'What is 1 + 1?' }
        : new Error('the generator only generates');
    qwen.mlc.respond = (request, kind) => {
      if (kind === 'completion') return new Error('the solver model never generates questions');
      const messages = (request as { messages: { role: string }[] }).messages;
      return messages.some((m) => m.role === 'system')
        ? { text: 'Everything needed is given.\nAnswer: Yes' }
        : { text: 'One plus one is \\boxed{2}.' };
    };
    const local = createRunService({
      db,
      createEngine: (target) =>
        target.kind === 'webllm' ? models.engineFor(target.modelId) : undefined,
    });
    const remote: RunWorkerPort = {
      start: () => Promise.reject(new Error('a run with local roles must stay on the page')),
      stop: () => {},
      end: () => {},
    };
    const dispatcher = createRunDispatcher({
      db,
      local: () => Promise.resolve(local),
      remote: () => remote,
    });
    const runs = new RunManager({ db, worker: () => dispatcher, proxy: (f) => f });
    const [generator, solver] = models.loadedModels;
    const choices = {
      generate: { kind: 'webllm' as const, ...generator! },
      judge: { kind: 'webllm' as const, ...solver! },
      solve: { kind: 'webllm' as const, ...solver! },
      score: { kind: 'webllm' as const, ...solver! },
    };
    const form = { name: 'split', targetPairs: 1, samples: 2, seed: 3 };
    expect(await runs.createAndStart(form, { endpoints: [] }, choices)).toEqual([]);
    const [run] = await listRuns(db);
    await vi.waitFor(async () => expect((await getRun(db!, run!.id))?.status).toBe('done'), {
      timeout: 25_000,
      interval: 50,
    });

    expect(run!.backends).toEqual({
      generate: { kind: 'webllm', modelId: SMOL },
      judge: { kind: 'webllm', modelId: SMALL_MODEL },
      solve: { kind: 'webllm', modelId: SMALL_MODEL },
      score: { kind: 'webllm', modelId: SMALL_MODEL },
    });
    // The generator's family sets the pre-query template.
    expect(run!.config.profile).toBe('smollm2');
    expect(smol.mlc.requests.length).toBeGreaterThan(0);
    for (const request of smol.mlc.requests)
      expect((request as { prompt?: string }).prompt).toBe(preQueryProfiles.smollm2.prefix);
    expect(qwen.mlc.requests.length).toBeGreaterThanOrEqual(2);
    expect(qwen.mlc.requests.every((r) => 'messages' in r)).toBe(true);
    expect((await getRun(db, run!.id))!.progress.kept).toBe(1);
  });
});
