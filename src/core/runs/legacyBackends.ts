/**
 * The backend shapes runs were stored in before schema v7, and their one rewrite into
 * `RunBackends` (runBackends.ts). Only the v7 upgrade calls this: no reader knows these shapes.
 *
 * Before v7 a run carried `backend` (the generator's, and every role's when `roles` was absent
 * or lacked that role), an optional partial `roles`, and each remote backend as its first server
 * (`baseUrl`/`model`) with, since endpoint groups, an optional `groupId` and `replicas`.
 */
import type { EngineRole } from '../pipeline/stageEngines';
import type { RemoteReplica, RunBackend, RunBackends } from './runBackends';

type LegacyBackend =
  | {
      kind: 'remote';
      baseUrl: string;
      model: string;
      groupId?: string;
      replicas?: RemoteReplica[];
    }
  | { kind: 'webllm'; modelId: string };

/** The fields of a stored run the rewrite reads and writes, in any shape stored since v1. */
export interface LegacyRunFields {
  kind?: 'generated' | 'imported';
  backend?: LegacyBackend;
  roles?: Partial<Record<EngineRole, LegacyBackend>>;
  backends?: RunBackends;
}

function backendOf(old: LegacyBackend): RunBackend {
  if (old.kind === 'webllm') return { kind: 'webllm', modelId: old.modelId };
  const replicas = old.replicas?.length
    ? old.replicas.map((r) => ({ baseUrl: r.baseUrl, model: r.model }))
    : [{ baseUrl: old.baseUrl, model: old.model }];
  return {
    kind: 'remote',
    ...(old.groupId !== undefined ? { groupId: old.groupId } : {}),
    replicas,
  };
}

/**
 * Rewrites one stored run in place (Dexie's `modify`): `backend` and `roles` become `backends`,
 * every role named. A role without its own entry used `backend`, except the score role, which
 * followed the judge. Imported-pair runs carried a placeholder backend no model ever served: they
 * get none. A row already in the new shape keeps its `backends`.
 */
export function upgradeRunBackends(row: LegacyRunFields): void {
  const { backend, roles = {} } = row;
  delete row.backend;
  delete row.roles;
  if (row.backends || !backend || row.kind === 'imported') return;
  const own = (role: EngineRole) => {
    const entry = roles[role];
    return entry ? backendOf(entry) : undefined;
  };
  const fallback = backendOf(backend);
  row.backends = {
    generate: own('generate') ?? fallback,
    judge: own('judge') ?? fallback,
    solve: own('solve') ?? fallback,
    score: own('score') ?? own('judge') ?? fallback,
  };
}
