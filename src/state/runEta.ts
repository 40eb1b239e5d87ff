/** Time left for a run at the pace it kept questions since this page started it. */
export interface EtaInput {
  startedAt: number;
  keptAtStart: number;
  kept: number;
  target: number;
  now: number;
}

/** Seconds left, or undefined until a question has been kept (no pace to go by yet). */
export function runEtaSeconds(input: EtaInput): number | undefined {
  const keptSince = input.kept - input.keptAtStart;
  const elapsedS = (input.now - input.startedAt) / 1000;
  if (keptSince <= 0 || elapsedS <= 0) return undefined;
  const left = Math.max(0, input.target - input.kept);
  return left / (keptSince / elapsedS);
}

/** What one endpoint still has to do for the run, at the pace it and its pool keep. */
export interface EndpointForecast {
  /** Requests this endpoint will likely serve before the run reaches its target. */
  requests: number;
  seconds: number;
}

/**
 * Per-endpoint forecast for one pool: requests the pool still needs (questions left × requests
 * it served per question kept so far), split by each endpoint's share of the pool's current
 * request rate. Undefined for an endpoint serving nothing right now (paused, breaker open) and
 * before the first kept question.
 */
export function endpointForecasts(
  endpoints: readonly { completed: number; requestsPerS: number }[],
  progress: { keptSince: number; left: number },
): (EndpointForecast | undefined)[] {
  const served = endpoints.reduce((sum, e) => sum + e.completed, 0);
  const rate = endpoints.reduce((sum, e) => sum + e.requestsPerS, 0);
  if (progress.keptSince <= 0 || served === 0 || rate <= 0) return endpoints.map(() => undefined);
  const remaining = progress.left * (served / progress.keptSince);
  return endpoints.map((e) => {
    if (e.requestsPerS <= 0) return undefined;
    const requests = remaining * (e.requestsPerS / rate);
    return { requests, seconds: requests / e.requestsPerS };
  });
}
