/**
 * The CLI's HTTP client: undici's dispatcher on one keep-alive Agent, driven through a handler of
 * our own — no Readable body stream, no AbortSignal, no async iteration per request, which is
 * what a fleet run sending thousands of requests a second spends its CPU on otherwise. Its
 * timeouts are set here on purpose: undici's own header and body timeouts (300 s each) would cut
 * a long reasoning answer, so they sit at the run's longest total limit and the engine's
 * liveness deadlines decide when a silent request is given up.
 */
import { Agent, type Dispatcher } from 'undici';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../engine/http/transport';

export interface UndiciTransportOptions {
  /** The longest total limit of any request the transport will carry (ms). */
  totalMs: number;
  /** Time to open a TCP/TLS connection (ms). */
  connectMs?: number;
}

/** Chunks held before the reader starts reading: beyond this the socket is paused. */
const HELD_CHUNKS = 64;

function cancelled(): Error {
  return new DOMException('The request was cancelled', 'AbortError');
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** `http://host:port/v1/x` → origin and path, without a URL object per request. */
function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf('/', url.indexOf('://') + 3);
  return slash < 0
    ? { origin: url, path: '/' }
    : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/** One request's life: headers resolve `response`, the body goes to the reader or waits for it. */
class Exchange implements Dispatcher.DispatchHandler {
  readonly #request: HttpRequest;
  readonly #resolve: (response: HttpResponse) => void;
  readonly #reject: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #responded = false;
  #held: Buffer[] = [];
  #ended = false;
  #failure: Error | undefined;
  #reader:
    | { onChunk: (chunk: Uint8Array) => void; resolve: () => void; reject: (e: unknown) => void }
    | undefined;

  constructor(
    request: HttpRequest,
    resolve: (response: HttpResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    request.cancel.onCancel(() => this.#abort(cancelled()));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#request.cancel.aborted) controller.abort(cancelled());
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.#responded = true;
    this.#resolve({
      status: statusCode,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      read: (onChunk) => this.#read(onChunk),
    });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#failure !== undefined) return;
    if (this.#reader) this.#deliver(chunk);
    else {
      this.#held.push(chunk);
      if (this.#held.length >= HELD_CHUNKS) controller.pause();
    }
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#reader?.resolve();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
  }

  #read(onChunk: (chunk: Uint8Array) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#reader = { onChunk, resolve, reject };
      const held = this.#held;
      this.#held = [];
      for (const chunk of held) if (!this.#deliver(chunk)) return;
      if (this.#failure !== undefined) reject(this.#failure);
      else if (this.#ended) resolve();
      else if (this.#controller?.paused) this.#controller.resume();
    });
  }

  /** Gives a chunk to the reader; a reader that throws ends the request with its error. */
  #deliver(chunk: Buffer): boolean {
    try {
      this.#reader!.onChunk(chunk);
      return true;
    } catch (thrown) {
      const error = asError(thrown);
      this.#failure ??= error;
      this.#reader!.reject(error);
      if (!this.#ended) this.#controller?.abort(error);
      return false;
    }
  }

  #abort(error: Error): void {
    this.#controller?.abort(error);
    this.#fail(error);
  }

  #fail(thrown: unknown): void {
    if (this.#failure !== undefined || this.#ended) return;
    const error = asError(thrown);
    this.#failure = error;
    if (!this.#responded) this.#reject(error);
    else this.#reader?.reject(error);
  }
}

export function undiciTransport(options: UndiciTransportOptions): {
  transport: HttpTransport;
  close: () => Promise<void>;
} {
  const agent = new Agent({
    headersTimeout: options.totalMs + 1_000,
    bodyTimeout: options.totalMs + 1_000,
    connectTimeout: options.connectMs ?? 10_000,
    keepAliveTimeout: 30_000,
    // No cap per origin: a fleet run keeps thousands of streams open across a group.
    connections: null,
  });
  const transport: HttpTransport = (request) =>
    new Promise((resolve, reject) => {
      if (request.cancel.aborted) return reject(cancelled());
      const { origin, path } = splitUrl(request.url);
      agent.dispatch(
        {
          origin,
          path,
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
        },
        new Exchange(request, resolve, reject),
      );
    });
  return { transport, close: () => agent.close() };
}
