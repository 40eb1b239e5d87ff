import type { RemoteAccess, RunBackend, RunBackends } from '../../src/core/runs/runBackends';

/** Every role on the one backend. */
export function sameBackendForAll(backend: RunBackend): RunBackends {
  return { generate: backend, judge: backend, solve: backend, score: backend };
}

/** Every role on one server (what a run from before per-role backends amounts to). */
export function remoteBackends(baseUrl: string, model: string): RunBackends {
  return sameBackendForAll({ kind: 'remote', replicas: [{ baseUrl, model }] });
}

/** Every role on one model loaded in this browser. */
export function localBackends(modelId: string): RunBackends {
  return sameBackendForAll({ kind: 'webllm', modelId });
}

/** The page's settings holding one server (with its key when given). */
export function accessTo(baseUrl: string, model: string, apiKey?: string): RemoteAccess {
  return { endpoints: [{ groupId: 'default', baseUrl, model, ...(apiKey ? { apiKey } : {}) }] };
}
