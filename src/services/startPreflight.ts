/**
 * The studio's Start checks the servers first: every endpoint of each remote role's group is
 * asked for its model list (Test connection) before a run is created, so an unreachable server or
 * a misnamed model is refused up front with the same explanation Test connection gives, instead of
 * a run that shows "running" and fails later.
 */
import {
  testConnection,
  type ConnectionCheck,
  type ConnectionTarget,
} from '../engine/remote/testConnection';
import {
  distinctBackends,
  remoteTarget,
  type RemoteAccess,
  type RunBackends,
} from '../core/runs/runBackends';

export type ConnectionTester = (target: ConnectionTarget) => Promise<ConnectionCheck>;

/** One sentence per endpoint that cannot serve its roles; empty when every one answered. */
export async function startPreflight(
  backends: RunBackends,
  access: RemoteAccess,
  test: ConnectionTester = testConnection,
  timeoutMs = 8_000,
): Promise<string[]> {
  const checks = distinctBackends(backends).flatMap(({ backend, roles: served }) => {
    if (backend.kind !== 'remote') return [];
    const target = remoteTarget(backend, access);
    if (target.kind !== 'remote') return [];
    return target.endpoints.map(async (endpoint) => {
      const check = await test({
        baseUrl: endpoint.baseUrl,
        model: endpoint.model,
        timeoutMs,
        ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
      });
      return check.ok
        ? undefined
        : `${target.name} (${served.join(', ')}) at ${check.baseUrl || endpoint.baseUrl}: ${check.summary}. ${check.detail}`;
    });
  });
  const problems = await Promise.all(checks);
  return problems.filter((p): p is string => p !== undefined);
}
