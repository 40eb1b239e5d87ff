import { describe, expect, it } from 'vitest';
import { createModelManager } from '../../../src/state/modelManager.svelte';
import { InMemoryCustomModelStore } from '../../../src/engine/webllm/customModelStore';
import { makeHarness, sampling, SMALL_MODEL } from '../../support/webLlmHarness';

const softwareNavigator = {
  gpu: {
    requestAdapter: () =>
      Promise.resolve({
        features: new Set<string>(),
        limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1 },
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
  },
  storage: {
    estimate: () => Promise.resolve({ usage: 0, quota: 50 * 1024 ** 3 }),
    persisted: () => Promise.resolve(false),
    persist: () => Promise.resolve(true),
  },
};

function setup() {
  const h = makeHarness();
  const store = new InMemoryCustomModelStore();
  const manager = createModelManager({
    navigator: softwareNavigator,
    startWorker: () => ({ client: h.api }),
    fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    customModels: store,
    nowS: () => 100,
  });
  return { ...h, manager, store };
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

  it('loads, exposes the engine and live tokens/s, then unloads', async () => {
    const { manager, mlc } = setup();
    await manager.init();
    await manager.load(SMALL_MODEL);
    expect(manager.loadState).toBe('ready');
    expect(mlc.loadedModel).toBe(SMALL_MODEL);
    await manager.engine?.complete({ prompt: 'x', ...sampling });
    expect(manager.lastUsage?.decodeTokensPerS).toBe(32);
    expect(manager.liveTokensPerS).toBeCloseTo(16 / 30);
    await manager.unload();
    expect(manager.engine).toBeUndefined();
  });

  it('keeps a custom model error readable and stores nothing', async () => {
    const { manager, store } = setup();
    const res = await manager.addCustomModel({
      modelUrl: 'http://localhost:9/none',
      modelLibUrl: 'http://localhost:9/x.wasm',
    });
    expect(res).toMatchObject({ ok: false, field: 'config' });
    expect(await store.list()).toEqual([]);
  });

  it('offers delete + retry after a quota error', async () => {
    const { manager, mlc } = setup();
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
});
