/**
 * Reading a run's per-role backends and turning each distinct one into something an engine can be
 * built from. The database holds URLs, model names and group ids only; API keys arrive with each
 * start (`RemoteAccess`, from the page's localStorage) and are matched to stored URLs here.
 */
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import type { RemoteReplica, RunBackend, RunRow } from '../core/runs/runRow';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { apiBaseUrl } from '../engine/openai/endpointUrl';
import type { PoolEndpointConfig } from '../engine/remote/poolEndpoint';

/** One configured endpoint with its key, as the page hands it to a run (never stored). */
export interface AccessEndpoint {
  groupId: string;
  groupName?: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/** Every endpoint the page knows, so a run can reach its groups' current members. */
export interface RemoteAccess {
  endpoints: AccessEndpoint[];
}

/** What an engine is built from: a loaded local model, or the endpoints of one remote group. */
export type EngineTarget =
  | { kind: 'webllm'; modelId: string }
  | { kind: 'remote'; name: string; groupId?: string; endpoints: PoolEndpointConfig[] };

/** One distinct backend of a run with the roles it serves. */
export interface BackendUse {
  key: string;
  backend: RunBackend;
  roles: EngineRole[];
}

type RemoteBackend = Extract<RunBackend, { kind: 'remote' }>;

/** Older callers pass the single endpoint they knew; it becomes a one-endpoint access. */
export function toAccess(input: RemoteAccess | RemoteEndpointConfig): RemoteAccess {
  if ('endpoints' in input) return input;
  const endpoint: AccessEndpoint = {
    groupId: 'default',
    baseUrl: input.baseUrl,
    model: input.model,
  };
  if (input.apiKey) endpoint.apiKey = input.apiKey;
  return { endpoints: [endpoint] };
}

/** Every role's backend; rows from before per-role backends use their one backend for all. */
export function roleBackends(
  run: Pick<RunRow, 'backend' | 'roles'>,
): Record<EngineRole, RunBackend> {
  const roles = run.roles ?? {};
  return {
    generate: roles.generate ?? run.backend,
    judge: roles.judge ?? run.backend,
    solve: roles.solve ?? run.backend,
    score: roles.score ?? roles.judge ?? run.backend,
  };
}

/**
 * Why a run with a role on this local model could not go on. Only what happened: whether the
 * model still needs loading is for the page to say when it shows the run (it may be loaded by
 * then).
 */
export function notLoadedMessage(modelId: string): string {
  return `${modelId} was not loaded when the run started.`;
}

/** The local models a run's roles use. */
export function localModelsOf(run: Pick<RunRow, 'backend' | 'roles'>): string[] {
  const ids = Object.values(roleBackends(run)).flatMap((b) =>
    b.kind === 'webllm' ? [b.modelId] : [],
  );
  return [...new Set(ids)];
}

/** A run with any role on a local model must run where that model's engine lives (the page). */
export function usesLocalModel(run: Pick<RunRow, 'backend' | 'roles'>): boolean {
  return Object.values(roleBackends(run)).some((b) => b.kind === 'webllm');
}

export function backendKey(backend: RunBackend): string {
  if (backend.kind === 'webllm') return `webllm:${backend.modelId}`;
  if (backend.groupId !== undefined) return `remote-group:${backend.groupId}`;
  return `remote:${replicasOf(backend)
    .map((r) => `${normalUrl(r.baseUrl)}|${r.model}`)
    .join(',')}`;
}

/** Distinct backends in role order; roles sharing one share its engine (one queue, one gate). */
export function distinctBackends(roles: Record<EngineRole, RunBackend>): BackendUse[] {
  const uses = new Map<string, BackendUse>();
  for (const role of ENGINE_ROLES) {
    const backend = roles[role];
    const key = backendKey(backend);
    const use = uses.get(key);
    if (use) use.roles.push(role);
    else uses.set(key, { key, backend, roles: [role] });
  }
  return [...uses.values()];
}

/** A backend in words: "Qwen2-Math (this browser)", "qwen-7b on gpu-box:8000 (+1 replica)". */
export function backendLabel(backend: RunBackend): string {
  if (backend.kind === 'webllm') return `${backend.modelId} (this browser)`;
  const replicas = replicasOf(backend);
  let host = backend.baseUrl;
  try {
    host = new URL(backend.baseUrl).host;
  } catch {
    // A stored URL that no longer parses is shown as it is.
  }
  const more = replicas.length - 1;
  return `${backend.model} on ${host}${more > 0 ? ` (+${more} ${more === 1 ? 'replica' : 'replicas'})` : ''}`;
}

function replicasOf(backend: RemoteBackend): RemoteReplica[] {
  return backend.replicas?.length
    ? backend.replicas
    : [{ baseUrl: backend.baseUrl, model: backend.model }];
}

function normalUrl(url: string): string {
  try {
    return apiBaseUrl(url);
  } catch {
    return url.trim();
  }
}

/**
 * The group's current members when the settings still have that group (so replicas added or
 * removed since apply on resume), else the replicas stored with the run, with keys found by URL.
 */
export function remoteTarget(backend: RemoteBackend, access: RemoteAccess): EngineTarget {
  const members = access.endpoints.filter(
    (e) => backend.groupId !== undefined && e.groupId === backend.groupId && e.baseUrl.trim(),
  );
  const keys = new Map(access.endpoints.map((e) => [normalUrl(e.baseUrl), e.apiKey]));
  const endpoints: PoolEndpointConfig[] = members.length
    ? members.map((e) => withKey({ baseUrl: e.baseUrl.trim(), model: e.model.trim() }, e.apiKey))
    : replicasOf(backend).map((r) => withKey({ ...r }, keys.get(normalUrl(r.baseUrl))));
  const name = members[0]?.groupName ?? backend.model;
  return {
    kind: 'remote',
    name,
    ...(backend.groupId !== undefined ? { groupId: backend.groupId } : {}),
    endpoints,
  };
}

function withKey(config: PoolEndpointConfig, apiKey: string | undefined): PoolEndpointConfig {
  return apiKey ? { ...config, apiKey } : config;
}

export function engineTarget(backend: RunBackend, access: RemoteAccess): EngineTarget {
  return backend.kind === 'webllm'
    ? { kind: 'webllm', modelId: backend.modelId }
    : remoteTarget(backend, access);
}
