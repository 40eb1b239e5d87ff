/**
 * "Test connection" for one endpoint: GET /v1/models and a precise, actionable explanation of
 * what is wrong. Pure fetch, so it runs in the page, a worker or Node.
 */
import { apiBaseUrl } from '../openai/endpointUrl';
import { htmlTitle, networkError, notOpenAi } from '../http/httpErrors';
import { maskSecret, redactSecret } from './secrets';

export type ConnectionProblem =
  | 'invalid_url'
  | 'mixed_content'
  | 'unreachable'
  | 'cors'
  | 'unreachable_or_cors'
  | 'timeout'
  | 'unauthorized'
  | 'not_openai_compatible'
  | 'server_error'
  | 'unknown_model';

export interface ConnectionCheck {
  ok: boolean;
  /** The /v1 base that was tried (empty when the URL is invalid). */
  baseUrl: string;
  /** Models the server lists (empty when the list could not be read). */
  models: string[];
  problem?: ConnectionProblem;
  /** One line for a heading, e.g. "Connected: 2 models". */
  summary: string;
  /** What happened and what to do, in full sentences; never contains the API key. */
  detail: string;
  status?: number;
}

export interface ConnectionTarget {
  baseUrl: string;
  /** The configured model; when set it must appear in the list. */
  model?: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Where the check runs: in a browser (page or worker) CORS and mixed content apply.
   * Default: a browser when `globalThis.location` exists.
   */
  environment?: { browser: boolean; pageProtocol?: string };
}

const CORS_FIX =
  "Start vLLM with --allowed-origins '[\"*\"]' (or the page's origin; Ollama: set OLLAMA_ORIGINS), " +
  'or put the server behind a reverse proxy that adds Access-Control-Allow-Origin and answers ' +
  'OPTIONS requests.';

function environmentOf(target: ConnectionTarget): { browser: boolean; pageProtocol?: string } {
  if (target.environment) return target.environment;
  const location = (globalThis as { location?: { protocol?: string } }).location;
  return location ? { browser: true, pageProtocol: location.protocol ?? '' } : { browser: false };
}

function failure(
  baseUrl: string,
  problem: ConnectionProblem,
  summary: string,
  detail: string,
  status?: number,
): ConnectionCheck {
  return {
    ok: false,
    baseUrl,
    models: [],
    problem,
    summary,
    detail,
    ...(status ? { status } : {}),
  };
}

function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export async function testConnection(
  target: ConnectionTarget,
  signal?: AbortSignal,
): Promise<ConnectionCheck> {
  let base: string;
  try {
    base = apiBaseUrl(target.baseUrl);
  } catch (error) {
    return failure('', 'invalid_url', 'Invalid URL', (error as Error).message);
  }
  const env = environmentOf(target);
  if (
    env.browser &&
    env.pageProtocol === 'https:' &&
    base.startsWith('http:') &&
    !isLocalHost(base)
  ) {
    return failure(
      base,
      'mixed_content',
      'Blocked: plain http from an https page',
      `This page is served over https, so the browser blocks requests to ${base}. Serve the model ` +
        'over https (a reverse proxy with a certificate), or open the studio over http.',
    );
  }
  const result = await checkModels(base, target, env.browser, signal);
  return scrub(result, target.apiKey);
}

async function checkModels(
  base: string,
  target: ConnectionTarget,
  browser: boolean,
  signal?: AbortSignal,
): Promise<ConnectionCheck> {
  const url = `${base}/models`;
  const doFetch = target.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = target.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let response: Response;
  let text: string;
  try {
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    response = await doFetch(url, { method: 'GET', headers, signal: combined });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) {
      return failure(
        base,
        'timeout',
        'No answer',
        `${url} did not answer within ${Math.round(timeoutMs / 1000)} s. The server may still be ` +
          'loading the model, or a firewall drops the connection.',
      );
    }
    return explainNetworkFailure(base, url, browser, doFetch, error);
  }
  return explainResponse(base, url, response, text, target);
}

/**
 * fetch() fails with the same bare TypeError for a dead server and for a CORS refusal. In a browser
 * a `no-cors` request tells them apart: it succeeds (opaquely) whenever the server answers at all.
 */
async function explainNetworkFailure(
  base: string,
  url: string,
  browser: boolean,
  doFetch: typeof fetch,
  cause: unknown,
): Promise<ConnectionCheck> {
  // A terminal knows why (refused, DNS, TLS…): say that, never CORS.
  if (!browser)
    return failure(
      base,
      'unreachable',
      'Server unreachable',
      networkError(url, cause, false).message,
    );
  const unreachable =
    `Nothing answered at ${url}. Check that the server is running, the host and port are right ` +
    '(vLLM listens on 8000 by default; add --host 0.0.0.0 to accept other machines) and no firewall ' +
    'is in the way.';
  let serverAnswers: boolean | undefined;
  try {
    await doFetch(url, { method: 'GET', mode: 'no-cors', signal: AbortSignal.timeout(5_000) });
    serverAnswers = true;
  } catch {
    serverAnswers = false;
  }
  if (serverAnswers) {
    return failure(
      base,
      'cors',
      'Blocked by CORS',
      `The server at ${base} is up but does not allow requests from this page (CORS). ${CORS_FIX}`,
    );
  }
  return failure(
    base,
    'unreachable_or_cors',
    'Server unreachable (or CORS)',
    `${unreachable} If the server is up, the browser may be refusing it for CORS: ${CORS_FIX}`,
  );
}

function explainResponse(
  base: string,
  url: string,
  response: Response,
  text: string,
  target: ConnectionTarget,
): ConnectionCheck {
  const { status } = response;
  if (status === 401 || status === 403) {
    const key = target.apiKey
      ? `The API key ${maskSecret(target.apiKey)} was refused; check it (vLLM: the value of --api-key).`
      : 'The server requires an API key (vLLM started with --api-key); enter it in the endpoint settings.';
    return failure(base, 'unauthorized', `Access denied (${status})`, key, status);
  }
  if (status >= 500) {
    return failure(
      base,
      'server_error',
      `Server error ${status}`,
      `${url} answered ${status}: ${text.slice(0, 200)}`,
      status,
    );
  }
  const models = status === 200 ? parseModelIds(text) : undefined;
  if (!models) {
    const title = htmlTitle(text, response.headers.get('content-type'));
    return failure(
      base,
      'not_openai_compatible',
      'Not an OpenAI-compatible API',
      `${url} answered ${status}${title !== undefined ? `, ${notOpenAi(title)}` : ''} instead of a model list. Point the ` +
        'endpoint at the server root or its /v1 base (e.g. http://host:8000), not at a web UI.',
      status,
    );
  }
  const wanted = target.model?.trim();
  if (wanted && !models.includes(wanted)) {
    return {
      ...failure(
        base,
        'unknown_model',
        'Model not served',
        `The server does not serve '${wanted}'. It lists: ${models.join(', ') || '(none)'}.`,
        status,
      ),
      models,
    };
  }
  const count = `${models.length} model${models.length === 1 ? '' : 's'}`;
  return {
    ok: true,
    baseUrl: base,
    models,
    status,
    summary: `Connected: ${count}`,
    detail: wanted ? `'${wanted}' is served at ${base}.` : `${base} serves ${models.join(', ')}.`,
  };
}

function parseModelIds(text: string): string[] | undefined {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    if (!Array.isArray(data)) return undefined;
    return data
      .map((m: { id?: unknown }) => m.id)
      .filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}

function scrub(check: ConnectionCheck, apiKey: string | undefined): ConnectionCheck {
  return {
    ...check,
    summary: redactSecret(check.summary, apiKey),
    detail: redactSecret(check.detail, apiKey),
  };
}
