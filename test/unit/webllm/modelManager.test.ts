import { describe, expect, it } from 'vitest';
import { createModelManager } from '../../../src/state/modelManager.svelte';
import type { ModelManagerDeps } from '../../../src/state/modelManager.svelte';
import { InMemoryCustomModelStore } from '../../../src/engine/webllm/customModelStore';
import { formatRate } from '../../../src/state/modelStats';
import {
  makeHarness,
  sampling,
  settle,
  SMALL_MODEL,
  SMOL_MODEL as SMOL,
} from '../../support/webLlmHarness';
import { softwareNavigator } from '../../support/softwareGpu';
import { modelFetch, type FetchRoute } from '../../support/modelFetch';

function setup(
  routes: Record<string, FetchRoute> = {},
  extra: Partial<ModelManagerDeps> = {},
  otherwise: FetchRoute = 'network',
) {
  const h = makeHarness();
  const store = new InMemoryCustomModelStore();
  let now = 100;
  let storageRefreshes = 0;
  const manager = createModelManager({
    navigator: softwareNavigator,
    startWorker: () => ({ client: h.api }),
    fetch: modelFetch(routes, otherwise),
    customModels: store,
    nowS: () => now,
    storage: { refresh: () => Promise.resolve(void storageRefreshes++) },
    ...extra,
  });
  return {
    ...h,
    manager,
    store,
    advance: (s: number) => (now += s),
    refreshes: () => storageRefreshes,
  };
}

describe('ModelManager', () => {
  it('probes capabilities and picks q4f32 builds without shader-f16', async () => {
    const { manager } = setup();
    await manager.init();
    expect(manager.capabilities?.adapter?.software).toBe(true);
    expect(manager.catalog.find((m) => m.name === 'Qwen2.5-0.5B-Instruct')?.modelId).toBe(
      SMALL_MODEL,
    );
    expect(manager.cached.length).toBe(manager.catalog.length);
  });

  it('loads, shows how long each phase took, then unloads', async () => {
    const { manager, mlc, refreshes } = setup();
    await manager.init();
    await manager.load(SMALL_MODEL);
    expect(manager.loadState).toBe('ready');
    expect(mlc.loadedModel).toBe(SMALL_MODEL);
    const load = manager.loadInfo(SMALL_MODEL);
    expect(load?.phases.map((p) => p.phase)).toEqual(['fetch', 'shader']);
    expect(manager.stats[0]?.load).toEqual(load);
    expect(refreshes()).toBeGreaterThan(0);
    await manager.unload();
    expect(manager.engine).toBeUndefined();
    expect(manager.stats).toEqual([]);
  });

  it('keeps statistics per model, with a live rate that decays to idle', async () => {
    const h = setup();
    await h.manager.init();
    await h.manager.load(SMALL_MODEL);
    await h.manager.engine?.complete({ prompt: 'x', ...sampling });
    expect(h.manager.liveTokensPerS(SMALL_MODEL)).toBeCloseTo(16 / 30);
    expect(h.manager.stats[0]).toMatchObject({
      modelId: SMALL_MODEL,
      requests: 1,
      busy: false,
      last: { decodeTokensPerS: 32 },
    });
    h.advance(31);
    expect(h.manager.liveTokensPerS(SMALL_MODEL)).toBeNull();
    expect(h.manager.stats[0]?.liveTokensPerS).toBeNull();

    // Loading another model in its place: its statistics start empty, not with the old ones.
    await h.manager.load(SMOL);
    expect(h.manager.stats).toEqual([
      expect.objectContaining({ modelId: SMOL, requests: 0, liveTokensPerS: null }),
    ]);
    expect(h.manager.stats[0]?.last).toBeUndefined();
  });

  it('says seconds per token below one token per second', () => {
    expect(formatRate(32)).toBe('32.0 tokens/s');
    expect(formatRate(0.08)).toBe('13 s per token');
    expect(formatRate(0.4)).toBe('2.5 s per token');
    expect(formatRate(null)).toBe('—');
  });

  it('checks the library before loading a model whose .wasm is not cached', async () => {
    const h = setup();
    await h.manager.init();
    const lib = h.manager.recordOf(SMALL_MODEL)!.model_lib;
    const offline = setup({ [lib]: 'network' });
    await offline.manager.init();
    await offline.manager.load(SMALL_MODEL);
    expect(offline.manager.loadState).toBe('error');
    expect(offline.manager.error?.message).toBe(
      `${SMALL_MODEL} cannot be loaded. Could not reach raw.githubusercontent.com for the model library at ${lib}. The server is down, the address is wrong, or this computer is offline.`,
    );
    expect(offline.mlc.log.some((l) => l.startsWith('reload'))).toBe(false);

    // Once the library is cached, loading does not need the network for it.
    await h.manager.load(SMALL_MODEL);
    await h.manager.unload();
    expect(await h.api.libraryCached(SMALL_MODEL)).toBe(true);
    const cachedLib = setup({ [lib]: 'network' });
    await cachedLib.manager.init();
    cachedLib.caches.put('webllm/wasm', lib, 4_000_000);
    await cachedLib.manager.load(SMALL_MODEL);
    expect(cachedLib.manager.loadState).toBe('ready');
  });

  it('checks a custom model library before every load and names the URL and the 404', async () => {
    const config = JSON.stringify({
      conv_template: { name: 'qwen2' },
      tokenizer_files: ['tokenizer.json'],
      vocab_size: 1,
      context_window_size: 4096,
    });
    const folder = 'https://models.example.org/badlib-q4f32_1-MLC/resolve/main/';
    const lib = 'https://models.example.org/libs/badlib-webgpu.wasm';
    const routes: Record<string, FetchRoute> = {
      [`${folder}mlc-chat-config.json`]: { status: 200, body: config },
    };
    const h = setup(routes);
    await h.manager.init();
    expect(await h.manager.addCustomModel({ modelUrl: folder, modelLibUrl: lib })).toMatchObject({
      ok: true,
    });
    // The library goes away after it was added.
    routes[lib] = { status: 404 };
    await h.manager.load('badlib-q4f32_1-MLC');
    expect(h.manager.error).toMatchObject({ code: 'not_found', suggestDelete: false });
    expect(h.manager.error?.message).toBe(
      `badlib-q4f32_1-MLC cannot be loaded. The model library is not at ${lib} (404 Not Found). Check the URL.`,
    );
    expect(h.mlc.log.some((l) => l.startsWith('reload'))).toBe(false);
  });

  it('explains a failed download by the URL that fails', async () => {
    const h = setup();
    await h.manager.init();
    const record = h.manager.recordOf(SMALL_MODEL)!;
    const configUrl = `${record.model}/resolve/main/mlc-chat-config.json`;
    const broken = setup({ [configUrl]: { status: 404 } });
    await broken.manager.init();
    broken.mlc.loadErrors.push(new TypeError("Failed to execute 'add' on 'Cache': Request failed"));
    await broken.manager.load(SMALL_MODEL);
    expect(broken.manager.error?.message).toBe(
      `${SMALL_MODEL} could not be downloaded. The model configuration is not at ${configUrl} (404 Not Found). Check the URL.`,
    );
    // When every URL answers, the message names the hosts in a proper sentence.
    const flaky = setup({ [configUrl]: { status: 200, body: '{}' } });
    await flaky.manager.init();
    // Network errors are retried twice before they count.
    flaky.mlc.loadErrors.push(...[1, 2, 3].map(() => new TypeError('Failed to fetch')));
    await flaky.manager.load(SMALL_MODEL);
    expect(flaky.manager.error?.message).toBe(
      `${SMALL_MODEL} could not be downloaded from huggingface.co and raw.githubusercontent.com: the browser reported "Failed to fetch". Check the connection, then try again.`,
    );
  });

  it('says a cancelled load was cancelled, and ends a worker stuck compiling shaders', async () => {
    const harnesses = [makeHarness(), makeHarness()];
    const ended: number[] = [];
    let started = 0;
    const manager = createModelManager({
      navigator: softwareNavigator,
      startWorker: () => {
        const i = started++;
        return { client: harnesses[i]!.api, terminate: () => void ended.push(i) };
      },
      fetch: modelFetch(),
      cancelGraceMs: 20,
    });
    await manager.init();
    const first = harnesses[0]!.mlc;
    first.holdPhase = 'shader';
    const loading = manager.load(SMALL_MODEL);
    for (let i = 0; i < 50 && first.phase !== 'shader'; i++) await settle(2);
    manager.cancelLoad();
    expect(manager.cancelling).toBe(true);
    await loading;
    expect(ended).toEqual([0]);
    expect(manager.loadState).toBe('idle');
    expect(manager.cancelling).toBe(false);
    expect(manager.notice).toMatch(/^Loading .* was cancelled; its worker was stopped/);
    expect(manager.loadedModels).toEqual([]);
    // The next load runs in a fresh worker.
    await manager.load(SMALL_MODEL);
    expect(manager.loadState).toBe('ready');
    expect(harnesses[1]!.mlc.loadedModel).toBe(SMALL_MODEL);
  });

  it('reports a cancelled download without an error', async () => {
    const { manager, mlc } = setup();
    await manager.init();
    mlc.holdPhase = 'fetch';
    const loading = manager.load(SMALL_MODEL);
    for (let i = 0; i < 50 && mlc.phase !== 'fetch'; i++) await settle(2);
    manager.cancelLoad();
    await loading;
    expect(manager.error).toBeUndefined();
    expect(manager.notice).toBe(`Loading ${SMALL_MODEL} was cancelled.`);
    expect(manager.loadState).toBe('idle');
  });

  it('deletes a model: the row reaches "not cached" and the storage figures refresh', async () => {
    const h = setup();
    await h.manager.init();
    await h.manager.load(SMALL_MODEL);
    const row = () => h.manager.cached.find((c) => c.modelId === SMALL_MODEL);
    expect(row()).toMatchObject({ cached: true });
    const before = h.refreshes();
    await h.manager.deleteCached(SMALL_MODEL);
    expect(row()).toEqual({ modelId: SMALL_MODEL, cached: false });
    expect(h.refreshes()).toBe(before + 1);
    expect(h.manager.isLoaded(SMALL_MODEL)).toBe(false);
    expect(h.manager.notice).toBe(`Deleted ${SMALL_MODEL}.`);
  });

  it('waits for a model the way a resumed run needs it', async () => {
    const { manager, mlc } = setup();
    await manager.init();
    mlc.holdPhase = 'fetch';
    const loading = manager.load(SMALL_MODEL);
    const waited = manager.ensureLoaded(SMALL_MODEL);
    for (let i = 0; i < 50 && mlc.phase !== 'fetch'; i++) await settle(2);
    mlc.finishLoad();
    await loading;
    expect(await waited).toBe(true);
    expect(await manager.ensureLoaded(SMALL_MODEL)).toBe(true);
    expect(mlc.log.filter((l) => l.startsWith('reload:'))).toHaveLength(1);
  });

  it('offers delete + retry after a quota error', async () => {
    const { manager, mlc } = setup({}, {}, { status: 200, body: '{}' });
    await manager.init();
    mlc.loadErrors.push(
      Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' }),
    );
    await manager.load(SMALL_MODEL);
    expect(manager.loadState).toBe('error');
    expect(manager.error).toMatchObject({
      code: 'quota',
      suggestDelete: true,
      modelId: SMALL_MODEL,
    });
    await manager.deleteAndRetry(SMALL_MODEL);
    expect(manager.loadState).toBe('ready');
    expect(await manager.requestPersistentStorage()).toBe(true);
    expect(manager.capabilities?.storage?.persisted).toBe(true);
  });

  it('records a lost GPU device on the model it happened to', async () => {
    const { manager, mlc } = setup();
    await manager.init();
    await manager.load(SMALL_MODEL);
    mlc.loseDevice();
    await manager.engine?.complete({ prompt: 'x', ...sampling });
    expect(manager.stats[0]?.recovery).toMatchObject({ modelId: SMALL_MODEL, recovered: true });
  });

  it('shows a model whose reload after a lost device failed as not loaded, and says why', async () => {
    const { manager, mlc } = setup();
    await manager.init();
    await manager.load(SMALL_MODEL);
    mlc.loadErrors.push(
      Object.assign(new Error('Device was lost while allocating'), { name: 'DeviceLostError' }),
    );
    mlc.loseDeviceDuringRequest();
    const failed = await manager.engine
      ?.complete({ prompt: 'x', ...sampling })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'device_lost', retryable: false });
    expect(manager.isLoaded(SMALL_MODEL)).toBe(false);
    expect(manager.loadState).toBe('idle');
    expect(manager.stats).toEqual([]);
    expect(manager.error).toMatchObject({ code: 'device_lost', modelId: SMALL_MODEL });
    expect(manager.error?.message).toMatch(
      /^The GPU device was lost while .+ was generating, and reloading it failed: .+ is not loaded now: load it again/,
    );
    // Loading it again works and clears the error.
    await manager.load(SMALL_MODEL);
    expect(manager.isLoaded(SMALL_MODEL)).toBe(true);
    expect(manager.error).toBeUndefined();
  });
});
