/**
 * Module worker hosting WebLLM's MLCEngine. A thin shell: the logic lives in
 * src/engine/webllm/workerApi.ts (testable in Node with WebLLM injected).
 */
import * as Comlink from 'comlink';
import {
  deleteModelAllInfoInCache,
  hasModelInCache,
  MLCEngine,
  prebuiltAppConfig,
} from '@mlc-ai/web-llm';
import { createWebLlmWorkerApi } from '../src/engine/webllm/workerApi';

const api = createWebLlmWorkerApi({
  createEngine: () => new MLCEngine(),
  cache: { hasModelInCache, deleteModelAllInfoInCache },
  appConfig: prebuiltAppConfig,
  caches: typeof caches === 'undefined' ? undefined : caches,
});

Comlink.expose(api);
