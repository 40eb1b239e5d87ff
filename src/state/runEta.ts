/**
 * Per-endpoint share of the work left: requests the pool still needs (questions left × requests
 * it served per question kept so far), split by each endpoint's share of the pool's current
 * request rate. Undefined for an endpoint serving nothing right now (paused, resting) and before
 * the first kept question. Times are not forecast per endpoint: the run's one ETA
 * (core/runs/runPace.ts) is the time left for all of them.
 */
export function endpointRequestsLeft(
  endpoints: readonly { completed: number; requestsPerS: number }[],
  progress: { keptSince: number; left: number },
): (number | undefined)[] {
  const served = endpoints.reduce((sum, e) => sum + e.completed, 0);
  const rate = endpoints.reduce((sum, e) => sum + e.requestsPerS, 0);
  if (progress.keptSince <= 0 || served === 0 || rate <= 0) return endpoints.map(() => undefined);
  const remaining = progress.left * (served / progress.keptSince);
  return endpoints.map((e) =>
    e.requestsPerS > 0 ? Math.round(remaining * (e.requestsPerS / rate)) : undefined,
  );
}
