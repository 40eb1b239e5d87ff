/**
 * The one backend model: where each role of a run sends its model calls, as stored with the run
 * (every role named; URLs, model names and a group id, never an API key), which roles share an
 * engine (backend keys), and what an engine is built from once the keys the page holds are
 * matched to those URLs (engine targets). Rows stored in older shapes are rewritten once by the
 * schema v7 upgrade (legacyBackends.ts); nothing else reads those shapes.
 */
import { ENGINE_ROLES, type EngineRole } from '../pipeline/stageEngines';

/** One server of a remote group, as stored: URL and model name, never its API key. */
export interface RemoteReplica {
  baseUrl: string;
  model: string;
}

export type RunBackend =
  | {
      kind: 'remote';
      /** The endpoint group of the settings; its current members serve the run while it exists. */
      groupId?: string;
      /** Every server of the group when the run was created (the first answers for the label). */
      replicas: RemoteReplica[];
    }
  /** A model loaded in this browser's WebLLM worker (catalog or custom model id). */
  | { kind: 'webllm'; modelId: string };

export type RemoteBackend = Extract<RunBackend, { kind: 'remote' }>;

/** Every role's backend; roles with equal backend keys share one engine (one queue, one gate). */
export type RunBackends = Record<EngineRole, RunBackend>;

/** Field by field, so nothing else a caller's object carries (an API key) is stored. */
export function copyBackends(backends: RunBackends): RunBackends {
  const copy = {} as RunBackends;
  for (const role of ENGINE_ROLES) {
    const backend = backends[role];
    copy[role] =
      backend.kind === 'webllm'
        ? { kind: 'webllm', modelId: backend.modelId }
        : {
            kind: 'remote',
            ...(backend.groupId !== undefined ? { groupId: backend.groupId } : {}),
            replicas: backend.replicas.map((r) => ({ baseUrl: r.baseUrl, model: r.model })),
          };
  }
  return copy;
}

/** The model a backend answers with, as the person named it ('' for a group with no server). */
export function backendModel(backend: RunBackend): string {
  return backend.kind === 'webllm' ? backend.modelId : (backend.replicas[0]?.model ?? '');
}

/** The local (WebLLM) models a run's roles use; none for runs without backends (imports). */
export function localModelsOf(backends: RunBackends | undefined): string[] {
  if (!backends) return [];
  const ids = ENGINE_ROLES.flatMap((role) => {
    const backend = backends[role];
    return backend.kind === 'webllm' ? [backend.modelId] : [];
  });
  return [...new Set(ids)];
}

/** A run with any role on a local model must run where that model's engine lives (the page). */
export function usesLocalModel(backends: RunBackends | undefined): boolean {
  return localModelsOf(backends).length > 0;
}

/**
 * Why a run with a role on this local model could not go on. Only what happened: whether the
 * model still needs loading is for the page to say when it shows the run (it may be loaded by
 * then).
 */
export function notLoadedMessage(modelId: string): string {
  return `${modelId} was not loaded when the run started.`;
}

/**
 * The identity of a server for matching keys and grouping: `http://h:8000`, `http://h:8000/` and
 * `http://h:8000/v1` are one server (`http://h:8000/v1`, the API base). A URL that does not
 * parse is its trimmed self.
 */
export function serverKey(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url.trim();
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/$/, '');
}

/** Backends with equal keys are one backend: one engine, one set of slots. */
export function backendKey(backend: RunBackend): string {
  if (backend.kind === 'webllm') return `webllm:${backend.modelId}`;
  if (backend.groupId !== undefined) return `remote-group:${backend.groupId}`;
  return `remote:${backend.replicas.map((r) => `${serverKey(r.baseUrl)}|${r.model}`).join(',')}`;
}

/** One distinct backend of a run with the roles it serves. */
export interface BackendUse {
  key: string;
  backend: RunBackend;
  roles: EngineRole[];
}

/** Distinct backends in role order; roles sharing one share its engine. */
export function distinctBackends(backends: RunBackends): BackendUse[] {
  const uses = new Map<string, BackendUse>();
  for (const role of ENGINE_ROLES) {
    const backend = backends[role];
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
  const first = backend.replicas[0];
  let host = first?.baseUrl ?? '';
  try {
    host = new URL(host).host;
  } catch {
    // A stored URL that no longer parses is shown as it is.
  }
  const more = backend.replicas.length - 1;
  return `${backendModel(backend)} on ${host}${more > 0 ? ` (+${more} ${more === 1 ? 'replica' : 'replicas'})` : ''}`;
}

/** One endpoint the page knows, with its key (never stored; handed to each run start). */
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

/** What a person picks for a role: a group of the settings, or a loaded local model. */
export type BackendChoice =
  { kind: 'remote'; groupId: string } | { kind: 'webllm'; modelId: string };

/** Endpoints of the access that can serve a request (a URL and a model). */
function usable(access: RemoteAccess): AccessEndpoint[] {
  return access.endpoints.filter((e) => e.baseUrl.trim() && e.model.trim());
}

/** The first group with a usable endpoint (what "Remote server" meant before groups). */
export function firstUsableGroup(access: RemoteAccess): string | undefined {
  return usable(access)[0]?.groupId;
}

const ROLE_WORDS: Record<EngineRole, string> = {
  generate: 'question generation',
  judge: 'the judge',
  solve: 'solving',
  score: 'solution scoring',
};

/**
 * The backends stored for each role's choice (a remote role: its group id and its usable servers'
 * URLs and models, never a key), or what is missing, in words for the form.
 */
export function backendsFor(
  choices: Record<EngineRole, BackendChoice>,
  access: RemoteAccess,
): { backends: RunBackends; problems: string[] } {
  const problems: string[] = [];
  const backends = {} as RunBackends;
  for (const role of ENGINE_ROLES) {
    const choice = choices[role];
    if (choice.kind === 'webllm') {
      backends[role] = { kind: 'webllm', modelId: choice.modelId };
      continue;
    }
    const members = usable(access).filter((e) => e.groupId === choice.groupId);
    if (!members.length) problems.push(`Set a server URL and model for ${ROLE_WORDS[role]} first.`);
    backends[role] = {
      kind: 'remote',
      groupId: choice.groupId,
      replicas: members.map((e) => ({ baseUrl: e.baseUrl.trim(), model: e.model.trim() })),
    };
  }
  return { backends, problems: [...new Set(problems)] };
}

/** One server an engine talks to, with what the settings or the run file say about it. */
export interface TargetEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  /** Ceiling of the endpoint's adaptive concurrency limit. */
  maxLimit?: number;
}

/**
 * What one engine is built from. Roles whose targets have equal `key` share one engine; `name`
 * is what the endpoint view calls a remote target.
 */
export type EngineTarget =
  | { kind: 'webllm'; key: string; modelId: string }
  | { kind: 'remote'; key: string; name: string; groupId?: string; endpoints: TargetEndpoint[] };

/**
 * The group's current members when the settings still have that group (so replicas added or
 * removed since apply on resume), else the replicas stored with the run, with keys found by URL.
 */
export function remoteTarget(backend: RemoteBackend, access: RemoteAccess): EngineTarget {
  const members = access.endpoints.filter(
    (e) => backend.groupId !== undefined && e.groupId === backend.groupId && e.baseUrl.trim(),
  );
  const keys = new Map(access.endpoints.map((e) => [serverKey(e.baseUrl), e.apiKey]));
  const endpoints: TargetEndpoint[] = members.length
    ? members.map((e) => withKey({ baseUrl: e.baseUrl.trim(), model: e.model.trim() }, e.apiKey))
    : backend.replicas.map((r) => withKey({ ...r }, keys.get(serverKey(r.baseUrl))));
  return {
    kind: 'remote',
    key: backendKey(backend),
    name: members[0]?.groupName ?? backendModel(backend),
    ...(backend.groupId !== undefined ? { groupId: backend.groupId } : {}),
    endpoints,
  };
}

function withKey(endpoint: TargetEndpoint, apiKey: string | undefined): TargetEndpoint {
  return apiKey ? { ...endpoint, apiKey } : endpoint;
}

/** Each role's engine target: its backend with the page's keys. */
export function engineTargets(
  backends: RunBackends,
  access: RemoteAccess,
): Record<EngineRole, EngineTarget> {
  const targets = {} as Record<EngineRole, EngineTarget>;
  for (const role of ENGINE_ROLES) {
    const backend = backends[role];
    targets[role] =
      backend.kind === 'webllm'
        ? { kind: 'webllm', key: backendKey(backend), modelId: backend.modelId }
        : remoteTarget(backend, access);
  }
  return targets;
}
