import { EngineError } from '../../core/ports/engineError';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
};

/** Exponential backoff with full jitter; a server's Retry-After wins when it asks for longer. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  error: EngineError,
  random = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  const asked = error.retryAfterS !== undefined ? error.retryAfterS * 1000 : 0;
  return Math.min(policy.maxDelayMs * 4, Math.max(jittered, asked));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortedError(): EngineError {
  return new EngineError({ code: 'aborted', retryable: false, message: 'Cancelled' });
}
