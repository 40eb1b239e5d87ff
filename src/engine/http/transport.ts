/**
 * The one seam between the remote engine and the network. The page and workers use `fetch`; the
 * CLI plugs in an undici client (src/cli/run/undiciTransport.ts) with its header/body timeouts
 * set explicitly and far cheaper per request. Tests plug in anything that answers.
 */

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** A response header (case-insensitive), or null. */
  header(name: string): string | null;
  /** The body as it arrives; iterate once. */
  body(): AsyncIterable<Uint8Array>;
}

/** Resolves once the status and headers are in; rejects with the raw network error or the abort. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** A transport over `fetch` (the browser's, or any fetch-compatible function). */
export function fetchTransport(fetchImpl?: typeof fetch): HttpTransport {
  const send = fetchImpl ?? globalThis.fetch.bind(globalThis);
  return async (request) => {
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: () => bodyChunks(response),
    };
  };
}

async function* bodyChunks(response: Response): AsyncIterable<Uint8Array> {
  const body = response.body;
  if (!body) return;
  const reader = body.getReader();
  let done = false;
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      if (next.value) yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
