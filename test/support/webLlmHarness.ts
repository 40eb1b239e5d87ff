/** Wires the real worker API to a scripted WebLLM double, without a Worker in between. */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import type { AppConfig } from '@mlc-ai/web-llm';
import { createWebLlmWorkerApi } from '../../src/engine/webllm/workerApi';
import { WebLlmEngine } from '../../src/engine/webllm/webLlmEngine';
import type { WebLlmEngineOptions } from '../../src/engine/webllm/webLlmEngine';
import { FakeCacheStorage } from './fakeCacheStorage';
import { ScriptedMlcEngine } from './scriptedMlcEngine';
import type { ScriptedOptions } from './scriptedMlcEngine';

export const SMALL_MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
/** A second small prebuilt model, of another family, for two models loaded at once. */
export const SMOL_MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';

/** WebLLM's cache helpers over the fake Cache API (hasModelInCache reads tensor-cache.json). */
export function fakeModelCache(caches: FakeCacheStorage) {
  const deletedByWebLlm: string[] = [];
  return {
    deletedByWebLlm,
    hasModelInCache: (id: string, c: AppConfig) => {
      const record = c.model_list.find((r) => r.model_id === id);
      return Promise.resolve(!!record && ScriptedMlcEngine.hasModel(caches, record));
    },
    deleteModelAllInfoInCache: (id: string, _c: AppConfig) =>
      Promise.resolve(void deletedByWebLlm.push(id)),
  };
}

export function makeHarness(
  options: ScriptedOptions = {},
  modelId = SMALL_MODEL,
  engineOptions: Partial<WebLlmEngineOptions> = {},
) {
  const caches = new FakeCacheStorage();
  const mlc = new ScriptedMlcEngine({ caches, ...options });
  const cache = fakeModelCache(caches);
  let t = 0;
  const api = createWebLlmWorkerApi({
    createEngine: () => mlc,
    cache,
    caches,
    appConfig: prebuiltAppConfig,
    nowS: () => (t += 1),
  });
  const engine = new WebLlmEngine(api, { modelId, ...engineOptions });
  return { mlc, api, engine, caches, cache };
}

export const sampling = { maxTokens: 20, temperature: 0, topP: 1 };

/** Lets pending microtasks and queued jobs run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
