export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with jitter: half of each step fixed, half random, so retries of many
 * requests that failed together spread out instead of arriving together again. A server's
 * Retry-After is not folded in here: it pauses the endpoint that sent it.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exp / 2 + random() * (exp / 2);
}
