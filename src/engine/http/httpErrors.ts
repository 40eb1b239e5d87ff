/**
 * HTTP failures as typed, user-explainable errors, worded for where the request ran: a page or
 * worker (CORS and mixed content apply) or a terminal (they do not, so they are never blamed).
 */
import { EngineError } from '../../core/ports/engineError';

/** Seconds from a Retry-After header (delta-seconds or HTTP date), when present and sane. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** True when the code runs in a page or a worker, where CORS and mixed content apply. */
export function inBrowser(): boolean {
  return typeof (globalThis as { location?: unknown }).location !== 'undefined';
}

/** An HTML page's title, or undefined when the text is not HTML. */
export function htmlTitle(text: string, contentType: string | null = null): string | undefined {
  const html = /html/i.test(contentType ?? '') || /^\s*</.test(text);
  if (!html) return undefined;
  const title = /<title[^>]*>([^<]*)</i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 80) : 'a web page without a title';
}

/** What a non-OpenAI answer is, in one phrase: "not an OpenAI-compatible server: <title>". */
export function notOpenAi(title: string): string {
  return `not an OpenAI-compatible server: ${title}`;
}

/** The server's own error message from an OpenAI-style body (HTML is summarised, never quoted). */
export function serverMessage(body: string, contentType: string | null = null): string {
  const title = htmlTitle(body, contentType);
  if (title !== undefined) return notOpenAi(title);
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: string } | string;
      message?: string;
      detail?: unknown;
    };
    if (typeof parsed.error === 'string') return parsed.error;
    const detail = typeof parsed.detail === 'string' ? parsed.detail : undefined;
    return parsed.error?.message ?? parsed.message ?? detail ?? body.slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}

/** Maps a non-2xx HTTP response to a typed, user-explainable error. */
export function httpError(
  status: number,
  body: string,
  headers: { retryAfter: string | null; contentType: string | null },
  url: string,
  browser = inBrowser(),
): EngineError {
  const detail = serverMessage(body, headers.contentType).trim();
  const html = htmlTitle(body, headers.contentType) !== undefined;
  const suffix = detail ? `: ${detail}` : '';
  const retryAfterS = parseRetryAfter(headers.retryAfter);
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
    const modelMissing = !html && /model/i.test(detail);
    return new EngineError({
      ...base,
      code: modelMissing ? 'model_not_found' : 'not_found',
      retryable: false,
      message: modelMissing
        ? `The server does not serve that model${suffix.replace(/\.$/, '')}. ` +
          (browser
            ? 'Pick one listed by "Test connection".'
            : 'Check the model name in the run file (the preflight lists what the server serves).')
        : html
          ? `${url} answered 404: ${detail}.`
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
    code: html ? 'bad_response' : 'bad_request',
    retryable: false,
    message: `Request rejected (${status})${suffix}`,
  });
}

/** An answer that is not what an OpenAI-compatible server sends. */
export function badResponse(message: string): EngineError {
  return new EngineError({ code: 'bad_response', retryable: true, message });
}

/** The error code of a Node network failure (undici puts it on the error or on its cause). */
function errnoCode(cause: unknown): string | undefined {
  for (let e = cause, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a terminal user needs to hear about a connection that failed, by its error code. */
function terminalReason(url: string, cause: unknown): string {
  const { hostname, port, protocol } = new URL(url);
  const where = `${hostname}:${port || (protocol === 'https:' ? '443' : '80')}`;
  const code = errnoCode(cause) ?? '';
  if (code === 'ECONNREFUSED')
    return `Connection refused by ${where}: nothing listens there. Is the server running on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return `The host name '${hostname}' does not resolve (DNS ${code}). Check the URL.`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return `Connecting to ${where} timed out: a firewall, a wrong address, or the machine is down.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `No route to ${where} (${code}): the network cannot reach that machine.`;
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code))
    return `${where} closed the connection before answering (${code}): the server crashed, restarted or dropped it.`;
  if (/CERT|TLS|SSL|SELF_SIGNED/.test(code))
    return `The TLS connection to ${where} failed (${code}): check the certificate or use http:// for a plain server.`;
  const message = innermostMessage(cause);
  // fetch() refuses ports browsers block (the WHATWG list: 1, 9, 6000, 6665–6669, …).
  if (message === 'bad port')
    return `Could not reach ${url}: port ${port} is one fetch() refuses to use (a port browsers block); serve on another port, e.g. 8000.`;
  return `Could not reach ${url}: ${message}${code ? ` (${code})` : ''}.`;
}

/** Node's fetch wraps the reason ("bad port", …) in a bare "fetch failed": the innermost says why. */
function innermostMessage(cause: unknown): string {
  let message = cause instanceof Error ? cause.message : String(cause);
  for (let e = (cause as { cause?: unknown })?.cause, depth = 0; e && depth < 4; depth++) {
    if (e instanceof Error && e.message) message = e.message;
    e = (e as { cause?: unknown }).cause;
  }
  return message;
}

/**
 * A request that never got an answer. In a browser fetch() fails with the same bare TypeError
 * for a dead server and a CORS refusal, so both are named; a terminal gets the real reason.
 */
export function networkError(url: string, cause: unknown, browser = inBrowser()): EngineError {
  const message = browser
    ? `Could not reach ${url}. Either the server is not running / not reachable from this machine, ` +
      `or it does not allow requests from this page (CORS: start vLLM with --allowed-origins '["*"]' ` +
      `or put it behind a proxy that adds Access-Control-Allow-Origin).`
    : terminalReason(url, cause);
  return new EngineError({ code: 'network', retryable: true, message }, { cause });
}

/** A request cut by its liveness deadline. */
export function deadlineError(url: string, why: 'idle' | 'total', ms: number): EngineError {
  const s = Math.round(ms / 100) / 10;
  return new EngineError({
    code: 'timeout',
    retryable: true,
    ...(why === 'idle' ? { stalled: true } : {}),
    message:
      why === 'idle'
        ? `${url} sent nothing for ${s} s (liveness deadline); the request was cancelled to be retried`
        : `${url} did not finish within the total limit of ${s} s`,
  });
}
