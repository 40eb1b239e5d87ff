import { EngineError } from '../../core/ports/engineError';

/** Seconds from a Retry-After header (delta-seconds or HTTP date), when present and sane. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'string') return parsed.error;
    return parsed.error?.message ?? parsed.message ?? body.slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}

/** Maps a non-2xx HTTP response to a typed, user-explainable error. */
export function httpError(
  status: number,
  body: string,
  retryAfter: string | null,
  url: string,
): EngineError {
  const detail = serverMessage(body).trim();
  const suffix = detail ? `: ${detail}` : '';
  const retryAfterS = parseRetryAfter(retryAfter);
  const base = { status, ...(retryAfterS !== undefined ? { retryAfterS } : {}) };
  if (status === 401 || status === 403) {
    return new EngineError({
      ...base,
      code: 'unauthorized',
      retryable: false,
      message: `The server at ${url} refused the request (${status})${suffix}. Check the API key.`,
    });
  }
  if (status === 404) {
    const modelMissing = /model/i.test(detail);
    return new EngineError({
      ...base,
      code: modelMissing ? 'model_not_found' : 'not_found',
      retryable: false,
      message: modelMissing
        ? `The server does not serve that model${suffix}. Pick one listed by "Test connection".`
        : `${url} was not found (404). Is this an OpenAI-compatible server?`,
    });
  }
  if (status === 429) {
    return new EngineError({
      ...base,
      code: 'rate_limited',
      retryable: true,
      message: `Rate limited (429)${suffix}`,
    });
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new EngineError({
      ...base,
      code: 'server',
      retryable: true,
      message: `Server error ${status}${suffix}`,
    });
  }
  if (status === 400 && /context|too long|maximum.*length|max_model_len/i.test(detail)) {
    return new EngineError({
      ...base,
      code: 'context_window_exceeded',
      retryable: false,
      message: `Prompt too long${suffix}`,
    });
  }
  return new EngineError({
    ...base,
    code: 'bad_request',
    retryable: false,
    message: `Request rejected (${status})${suffix}`,
  });
}

/** fetch() rejects with a bare TypeError for refused connections and CORS alike; say both. */
export function networkError(url: string, cause: unknown): EngineError {
  return new EngineError(
    {
      code: 'network',
      retryable: true,
      message:
        `Could not reach ${url}. Either the server is not running / not reachable from this machine, ` +
        `or it does not allow requests from this page (CORS: start vLLM with --allowed-origins '["*"]' ` +
        `or put it behind a proxy that adds Access-Control-Allow-Origin).`,
    },
    { cause },
  );
}
