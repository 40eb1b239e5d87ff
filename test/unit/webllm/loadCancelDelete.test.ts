import { describe, expect, it } from 'vitest';
import { resolveModelBaseUrl } from '../../../src/engine/webllm/modelUrl';
import type { LoadProgress } from '../../../src/engine/webllm/loadProgress';
import { makeHarness, settle, SMALL_MODEL } from '../../support/webLlmHarness';

/** Waits until the scripted reload has reached `phase`. */
async function reach(h: ReturnType<typeof makeHarness>, phase: string): Promise<void> {
  for (let i = 0; i < 50 && h.mlc.phase !== phase; i++) await settle(2);
  expect(h.mlc.phase).toBe(phase);
}

describe('cancelling a load ends with no model held, in every phase', () => {
  it('while queued behind another job: the worker never starts it', async () => {
    const h = makeHarness();
    h.mlc.holdRequests = true;
    await h.engine.load();
    const busy = h.engine.complete({ prompt: 'x', maxTokens: 4, temperature: 0, topP: 1 });
    const ctrl = new AbortController();
    const loading = h.engine.load(undefined, ctrl.signal);
    await settle();
    ctrl.abort();
    await expect(loading).rejects.toMatchObject({ code: 'aborted' });
    h.mlc.release();
    await busy;
    expect(h.mlc.log.filter((l) => l.startsWith('reload:'))).toHaveLength(1);
  });

  for (const style of ['quiet', 'reason'] as const) {
    it(`during the download (aborted ${style === 'quiet' ? 'quietly' : "with unload's reason"})`, async () => {
      const h = makeHarness();
      h.mlc.holdPhase = 'fetch';
      h.mlc.abortStyle = style;
      const ctrl = new AbortController();
      const loading = h.engine.load(undefined, ctrl.signal);
      await reach(h, 'fetch');
      ctrl.abort();
      const error = await loading.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'aborted' });
      expect((error as Error).message).toBe(`Loading ${SMALL_MODEL} was cancelled.`);
      expect(h.mlc.log).toContain('reload-aborted:fetch');
      expect(h.mlc.loadedModel).toBeUndefined();
      expect(await h.api.loadedModelId()).toBeUndefined();
      expect(h.engine.loaded).toBe(false);
      // The half-finished download is still visible as partial bytes, not as a cached model.
      const [info] = await h.api.cacheStatus([SMALL_MODEL]);
      expect(info).toMatchObject({ cached: false });
      expect(info?.bytes).toBeGreaterThan(0);
    });
  }

  it('during shader compilation: the engine finishes anyway and is unloaded at once', async () => {
    const h = makeHarness();
    h.mlc.holdPhase = 'shader';
    const ctrl = new AbortController();
    const loading = h.engine.load(undefined, ctrl.signal);
    await reach(h, 'shader');
    ctrl.abort();
    await settle();
    // unload() cannot stop the compilation: the reload is still going.
    expect(h.mlc.log).not.toContain(`reload-done:${SMALL_MODEL}`);
    h.mlc.finishLoad();
    const error = await loading.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted' });
    expect((error as Error).message).toContain('was cancelled');
    expect((error as Error).message).toContain('Shader compilation cannot be interrupted');
    const log = h.mlc.log;
    expect(log.indexOf(`reload-done:${SMALL_MODEL}`)).toBeLessThan(log.lastIndexOf('unload'));
    expect(h.mlc.loadedModel).toBeUndefined();
    expect(await h.api.loadedModelId()).toBeUndefined();
    expect(h.engine.loaded).toBe(false);
  });

  it('just as the load finished: the page unloads what the worker holds', async () => {
    const h = makeHarness();
    const ctrl = new AbortController();
    const client = {
      ...h.api,
      load: async (...args: Parameters<typeof h.api.load>) => {
        const result = await h.api.load(...args);
        ctrl.abort(); // the click lands after the worker answered
        return result;
      },
    };
    const { WebLlmEngine } = await import('../../../src/engine/webllm/webLlmEngine');
    const engine = new WebLlmEngine(client, { modelId: SMALL_MODEL });
    const error = await engine.load(undefined, ctrl.signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted' });
    expect((error as Error).message).toContain('just finished and was unloaded');
    expect(h.mlc.loadedModel).toBeUndefined();
    expect(await h.api.loadedModelId()).toBeUndefined();
  });

  it('a cancel meant for another model does not touch this load', async () => {
    const h = makeHarness();
    h.mlc.holdPhase = 'fetch';
    const loading = h.api.load(SMALL_MODEL);
    await reach(h, 'fetch');
    await h.api.cancelLoad('SmolLM2-360M-Instruct-q4f32_1-MLC');
    h.mlc.finishLoad();
    expect(await loading).toMatchObject({ ok: true });
  });
});

describe('load progress', () => {
  it('reports the time of each phase after loading', async () => {
    const h = makeHarness();
    const info = await h.engine.load();
    expect(info.phases.map((p) => p.phase)).toEqual(['fetch', 'shader']);
    for (const p of info.phases) expect(p.seconds).toBeGreaterThan(0);
    expect(info.loadTimeS).toBeGreaterThanOrEqual(
      info.phases.reduce((sum, p) => sum + p.seconds, 0),
    );
  });

  it('ignores what the page callback returns (nothing crosses back)', async () => {
    const h = makeHarness();
    const seen: LoadProgress[] = [];
    // A Comlink proxy whose page function returned an unclonable value rejects like this.
    const callback = (p: LoadProgress) => {
      seen.push(p);
      return Promise.reject(new TypeError('Unserializable return value'));
    };
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- what a Comlink proxy returns
    const result = await h.api.load(SMALL_MODEL, callback);
    await settle();
    expect(result).toMatchObject({ ok: true });
    expect(seen.length).toBeGreaterThan(2);
  });
});

describe('deleting a cached model', () => {
  it('removes a partial download, tensor-cache.json included', async () => {
    const h = makeHarness();
    h.mlc.holdPhase = 'fetch';
    const ctrl = new AbortController();
    const loading = h.engine.load(undefined, ctrl.signal);
    await reach(h, 'fetch');
    ctrl.abort();
    await loading.catch(() => undefined);
    const base = resolveModelBaseUrl(
      (await h.api.prebuiltRecords()).find((r) => r.model_id === SMALL_MODEL)!.model,
    );
    expect(h.caches.urls('webllm/model')).toContain(`${base}tensor-cache.json`);
    expect(await h.api.deleteCached(SMALL_MODEL)).toMatchObject({ ok: true });
    expect(h.caches.urls('webllm/model')).toEqual([]);
    expect(await h.api.cacheStatus([SMALL_MODEL])).toEqual([
      { modelId: SMALL_MODEL, cached: false },
    ]);
    // WebLLM's own delete (which leaves the index and re-downloads it) is not used.
    expect(h.cache.deletedByWebLlm).toEqual([]);
  });

  it('keeps a library another cached model uses, and drops it with the last one', async () => {
    // Both prebuilt Llama-3.1 8B builds below share one .wasm.
    const a = 'Llama-3.1-8B-Instruct-q4f32_1-MLC';
    const b = 'Llama-3.1-8B-Instruct-q4f32_1-MLC-1k';
    const h = makeHarness({}, a);
    await h.api.load(a);
    await h.api.load(b);
    const lib = (await h.api.prebuiltRecords()).find((r) => r.model_id === a)!.model_lib;
    expect(await h.api.deleteCached(a)).toEqual({
      ok: true,
      value: expect.objectContaining({ libraryKeptFor: [b] }) as unknown,
    });
    expect(h.caches.urls('webllm/wasm')).toEqual([lib]);
    expect(await h.api.libraryCached(b)).toBe(true);
    expect(await h.api.deleteCached(b)).toMatchObject({ ok: true, value: { libraryKeptFor: [] } });
    expect(h.caches.urls('webllm/wasm')).toEqual([]);
  });

  it('keeps a library that a custom model uses even when it is not cached', async () => {
    const h = makeHarness();
    const record = (await h.api.prebuiltRecords()).find((r) => r.model_id === SMALL_MODEL)!;
    await h.api.setCustomRecords([
      { model: 'https://example.org/my-qgen', model_id: 'my-qgen', model_lib: record.model_lib },
    ]);
    await h.api.load(SMALL_MODEL);
    expect(await h.api.deleteCached(SMALL_MODEL)).toMatchObject({
      ok: true,
      value: { libraryKeptFor: ['my-qgen'] },
    });
    expect(h.caches.urls('webllm/wasm')).toEqual([record.model_lib]);
  });
});
