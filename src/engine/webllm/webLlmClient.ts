/** Browser wiring: starts the WebLLM worker and wraps it with Comlink. */
import * as Comlink from 'comlink';
import type { WebLlmWorkerApi } from '../../../workers/webllm.worker';
import type { WebLlmWorkerApiObject } from './workerApi';

export interface WebLlmWorkerHandle {
  client: Comlink.Remote<WebLlmWorkerApi>;
  /** Ends the worker (frees the GPU device). */
  terminate(): void;
}

export function startWebLlmWorker(): WebLlmWorkerHandle {
  const worker = new Worker(new URL('../../../workers/webllm.worker.ts', import.meta.url), {
    type: 'module',
  });
  const client = Comlink.wrap<WebLlmWorkerApi>(worker);
  return {
    client,
    terminate: () => {
      client[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Comlink's remote has the same async surface as the API object; only callbacks need proxy(). */
export function asWorkerClient(remote: Comlink.Remote<WebLlmWorkerApi>): WebLlmWorkerApiObject {
  return remote;
}

export const proxyCallback = <F extends (...args: never[]) => unknown>(fn: F): F =>
  Comlink.proxy(fn);
