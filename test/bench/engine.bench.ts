/**
 * Engine overhead: N requests through the studio path (WebLlmEngine → job queue → Comlink over a
 * real MessageChannel → worker API → WebLLM double) vs. calling the double directly, side by side.
 * Args: [requests=200] [tokens=20] [perTokenMs=0.5]
 */
import { MessageChannel } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { createWebLlmWorkerApi } from '../../src/engine/webllm/workerApi';
import type { WebLlmWorkerApiObject } from '../../src/engine/webllm/workerApi';
import { WebLlmEngine } from '../../src/engine/webllm/webLlmEngine';
import { toCompletionParams } from '../../src/engine/webllm/requestMapping';
import { ScriptedMlcEngine } from '../support/scriptedMlcEngine';

const MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

async function direct(n: number, tokens: number, delay: number): Promise<number> {
  const mlc = new ScriptedMlcEngine({ perTokenDelayMs: delay });
  await mlc.reload(MODEL);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    mlc.replies.push({ text: 'q', completionTokens: tokens });
    await mlc.completions.create(
      toCompletionParams({ prompt: `p${i}`, maxTokens: tokens, temperature: 0, topP: 1 }),
    );
  }
  return (n * tokens) / ((performance.now() - start) / 1000);
}

async function studio(n: number, tokens: number, delay: number): Promise<number> {
  const mlc = new ScriptedMlcEngine({ perTokenDelayMs: delay });
  const api = createWebLlmWorkerApi({
    createEngine: () => mlc,
    cache: {
      hasModelInCache: () => Promise.resolve(false),
      deleteModelAllInfoInCache: () => Promise.resolve(),
    },
    appConfig: prebuiltAppConfig,
  });
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, nodeEndpoint(port1));
  const remote = Comlink.wrap<WebLlmWorkerApiObject>(nodeEndpoint(port2));
  const engine = new WebLlmEngine(remote, { modelId: MODEL });
  await engine.load();
  const start = performance.now();
  // The pipeline submits many requests at once; the queue keeps the engine busy without gaps.
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      mlc.replies.push({ text: 'q', completionTokens: tokens });
      return engine.complete({ prompt: `p${i}`, maxTokens: tokens, temperature: 0, topP: 1 });
    }),
  );
  const throughput = (n * tokens) / ((performance.now() - start) / 1000);
  remote[Comlink.releaseProxy]();
  port1.close();
  port2.close();
  return throughput;
}

export default async function (args: string[]): Promise<void> {
  const n = Number(args[0] ?? 200);
  const tokens = Number(args[1] ?? 20);
  const delay = Number(args[2] ?? 0.5);
  await direct(10, tokens, delay); // warm-up
  await studio(10, tokens, delay);
  const d = await direct(n, tokens, delay);
  const s = await studio(n, tokens, delay);
  console.log(`engine.requests=${n}`);
  console.log(`engine.tokens_per_request=${tokens}`);
  console.log(`engine.per_token_delay_ms=${delay}`);
  console.log(`engine.direct_tokens_per_s=${d.toFixed(1)}`);
  console.log(`engine.studio_tokens_per_s=${s.toFixed(1)}`);
  console.log(`engine.overhead_ratio=${(s / d).toFixed(3)}`);
}
