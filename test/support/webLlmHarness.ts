/** Wires the real worker API to a scripted WebLLM double, without a Worker in between. */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import type { AppConfig } from '@mlc-ai/web-llm';
import { createWebLlmWorkerApi } from '../../src/engine/webllm/workerApi';
import { WebLlmEngine } from '../../src/engine/webllm/webLlmEngine';
import { ScriptedMlcEngine } from './scriptedMlcEngine';
import type { ScriptedOptions } from './scriptedMlcEngine';

export const SMALL_MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

export function makeHarness(options: ScriptedOptions = {}, modelId = SMALL_MODEL) {
  const mlc = new ScriptedMlcEngine(options);
  const cached = new Set<string>();
  const cache = {
    hasModelInCache: (id: string, _c: AppConfig) => Promise.resolve(cached.has(id)),
    deleteModelAllInfoInCache: (id: string, _c: AppConfig) =>
      Promise.resolve(void cached.delete(id)),
  };
  let t = 0;
  const api = createWebLlmWorkerApi({
    createEngine: () => mlc,
    cache,
    appConfig: prebuiltAppConfig,
    nowS: () => (t += 1),
  });
  const engine = new WebLlmEngine(api, { modelId });
  return { mlc, api, engine, cached };
}

export const sampling = { maxTokens: 20, temperature: 0, topP: 1 };

/** Lets pending microtasks and queued jobs run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
