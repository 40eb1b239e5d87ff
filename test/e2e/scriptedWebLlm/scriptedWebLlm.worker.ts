/**
 * A test double of the studio's WebLLM worker for end-to-end tests: the real worker API
 * (src/engine/webllm/workerApi.ts) over Comlink, with WebLLM's MLCEngine replaced by the
 * scripted engine. Playwright serves it in place of the built webllm.worker-*.js, so the page,
 * Comlink and the worker protocol are the real ones; only the model is scripted.
 * Tests steer it through the BroadcastChannel "scripted-webllm".
 */
import * as Comlink from 'comlink';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { createWebLlmWorkerApi } from '../../../src/engine/webllm/workerApi';
import { FakeCacheStorage } from '../../support/fakeCacheStorage';
import { ScriptedMlcEngine, type ScriptedPhase } from '../../support/scriptedMlcEngine';
import { fakeModelCache } from '../../support/webLlmHarness';

const caches = new FakeCacheStorage();
const mlc = new ScriptedMlcEngine({ caches });
let asked = 0;
mlc.respond = (request, kind) => {
  if (kind === 'completion') return { text: `What is ${++asked} + ${asked + 1}?` };
  const { messages, max_tokens: maxTokens } = request as {
    messages: { role: string }[];
    max_tokens?: number;
  };
  if (!messages.some((m) => m.role === 'system')) return { text: 'So the sum is \\boxed{7}.' };
  return { text: maxTokens === 1 ? 'Yes' : 'A complete arithmetic question.\nAnswer: Yes' };
};

type Command =
  | { type: 'hold'; phase: ScriptedPhase }
  | { type: 'finish' }
  | { type: 'lose' }
  | { type: 'lose-during-request' };
new BroadcastChannel('scripted-webllm').onmessage = (event: MessageEvent<Command>) => {
  const command = event.data;
  if (command.type === 'hold') mlc.holdPhase = command.phase;
  if (command.type === 'finish') mlc.finishLoad();
  if (command.type === 'lose') mlc.loseDevice();
  if (command.type === 'lose-during-request') mlc.loseDeviceDuringRequest();
};

Comlink.expose(
  createWebLlmWorkerApi({
    createEngine: () => mlc,
    cache: fakeModelCache(caches),
    caches,
    appConfig: prebuiltAppConfig,
  }),
);
