/** Browser wiring: starts a WebLLM worker and wraps it with Comlink. */
import * as Comlink from 'comlink';
import type { WebLlmWorkerApiObject } from '../engine/webllm/workerApi';

export interface WebLlmWorkerHandle {
  client: Comlink.Remote<WebLlmWorkerApiObject>;
  /** Ends the worker (frees the GPU device). */
  terminate(): void;
}

export function startWebLlmWorker(): WebLlmWorkerHandle {
  const worker = new Worker(new URL('../../workers/webllm.worker.ts', import.meta.url), {
    type: 'module',
  });
  const client = Comlink.wrap<WebLlmWorkerApiObject>(worker);
  return {
    client,
    terminate: () => {
      client[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Comlink's remote has the same async surface as the API object; only callbacks need proxy(). */
export function asWorkerClient(
  remote: Comlink.Remote<WebLlmWorkerApiObject>,
): WebLlmWorkerApiObject {
  return remote;
}

export const proxyCallback = <F extends (...args: never[]) => unknown>(fn: F): F =>
  Comlink.proxy(fn);
