/**
 * The one seam between the remote engine and the network. The page and workers use `fetch`; the
 * CLI plugs in undici's dispatcher (src/cli/run/undiciTransport.ts) with its header/body timeouts
 * set explicitly and far cheaper per request. Tests plug in anything that answers.
 *
 * A body is pushed to the reader chunk by chunk (no async iteration per chunk), and an exchange
 * gives up through a `Cancellation` rather than an AbortController of its own: a fleet run sends
 * thousands of requests a second, and only fetch needs a real AbortSignal.
 */

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Cancelled when the exchange gives up (the caller's abort, a deadline, a body left unread). */
  cancel: Cancellation;
}

export interface HttpResponse {
  status: number;
  /** A response header (case-insensitive), or null. */
  header(name: string): string | null;
  /**
   * Hands the body to `onChunk` as it arrives; resolves at its end, rejects with the raw network
   * error, or with the error `onChunk` threw (the request is then cancelled). Call once.
   */
  read(onChunk: (chunk: Uint8Array) => void): Promise<void>;
}

/** Resolves once the status and headers are in; rejects with the raw network error or the abort. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** A one-shot cancel with at most one listener (the transport's), and a real signal on demand. */
export class Cancellation {
  #aborted = false;
  #listener: (() => void) | undefined;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  cancel(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.();
    this.#controller?.abort();
  }

  /** The transport's way of hearing a cancel: called at once when already cancelled. */
  onCancel(listener: (() => void) | undefined): void {
    if (this.#aborted) listener?.();
    else this.#listener = listener;
  }

  /** An AbortSignal that follows this cancel (made on first use). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }
}

/** A transport over `fetch` (the browser's, or any fetch-compatible function). */
export function fetchTransport(fetchImpl?: typeof fetch): HttpTransport {
  const send = fetchImpl ?? globalThis.fetch.bind(globalThis);
  return async (request) => {
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.cancel.signal,
    });
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      read: (onChunk) => readBody(response, request.cancel, onChunk),
    };
  };
}

async function readBody(
  response: Response,
  cancel: Cancellation,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const body = response.body;
  if (!body) return;
  const reader = body.getReader();
  let done = false;
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      if (next.value) onChunk(next.value);
    }
  } catch (error) {
    cancel.cancel();
    throw error;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
