/**
 * One HTTP exchange with a liveness deadline and the caller's abort, every failure turned into an
 * EngineError: the caller's abort → `aborted`, the deadline → `timeout`, no answer → `network`
 * (worded for a page or a terminal), a non-2xx status → `httpError`. The body is read as it
 * arrives, so a stream keeps its deadline alive chunk by chunk; failing half-way (or a reader
 * that throws) closes the connection, so the server stops working on it.
 */
import { onAbort } from '../../core/abortWatch';
import { EngineError } from '../../core/ports/engineError';
import { Deadline, type DeadlineLimits, type ExchangeTiming } from './deadline';
import { badResponse, deadlineError, httpError, inBrowser, networkError } from './httpErrors';
import { Cancellation, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

export interface ExchangeOptions {
  transport: HttpTransport;
  limits: DeadlineLimits;
  signal?: AbortSignal | undefined;
  /** Error wording; default: a page or worker when `location` exists. */
  browser?: boolean;
  /** Called once, when the first byte of the body arrives (ms since sending). */
  onFirstByte?: ((ms: number) => void) | undefined;
}

export type ExchangeRequest = Omit<HttpRequest, 'cancel'>;

const noop = () => {};

export class HttpExchange {
  readonly url: string;
  readonly status: number;
  readonly #response: HttpResponse;
  readonly #deadline: Deadline;
  readonly #cancel: Cancellation;
  readonly #fail: (error: unknown) => EngineError;
  readonly #unwatch: () => void;
  #timing: ExchangeTiming | undefined;
  #onFirstByte: ((ms: number) => void) | undefined;

  private constructor(
    url: string,
    response: HttpResponse,
    parts: {
      deadline: Deadline;
      cancel: Cancellation;
      fail: (error: unknown) => EngineError;
      unwatch: () => void;
      onFirstByte: ((ms: number) => void) | undefined;
    },
  ) {
    this.url = url;
    this.status = response.status;
    this.#response = response;
    this.#deadline = parts.deadline;
    this.#cancel = parts.cancel;
    this.#fail = parts.fail;
    this.#unwatch = parts.unwatch;
    this.#onFirstByte = parts.onFirstByte;
  }

  /** Sends the request; resolves with a 2xx response, rejects with an EngineError otherwise. */
  static async open(request: ExchangeRequest, options: ExchangeOptions): Promise<HttpExchange> {
    const caller = options.signal;
    if (caller?.aborted) throw EngineError.aborted();
    const cancel = new Cancellation();
    const deadline = new Deadline(options.limits, () => cancel.cancel());
    const unwatch = caller ? onAbort(caller, () => cancel.cancel()) : noop;
    const browser = options.browser ?? inBrowser();
    const fail = (error: unknown): EngineError => {
      deadline.stop();
      unwatch();
      if (caller?.aborted) return EngineError.aborted();
      if (deadline.expired) {
        const { idleMs, totalMs } = deadline.limits;
        return deadlineError(
          request.url,
          deadline.expired,
          deadline.expired === 'idle' ? idleMs : totalMs,
        );
      }
      if (error instanceof EngineError) return error;
      return networkError(request.url, error, browser);
    };
    let response: HttpResponse;
    try {
      response = await options.transport({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        cancel,
      });
    } catch (error) {
      throw fail(error);
    }
    deadline.touch(false);
    const exchange = new HttpExchange(request.url, response, {
      deadline,
      cancel,
      fail,
      unwatch,
      onFirstByte: options.onFirstByte,
    });
    if (response.status >= 200 && response.status < 300) return exchange;
    const text = await exchange.text();
    throw httpError(
      response.status,
      text,
      { retryAfter: response.header('retry-after'), contentType: response.header('content-type') },
      request.url,
      browser,
    );
  }

  header(name: string): string | null {
    return this.#response.header(name);
  }

  /**
   * Hands the body to `onChunk` as it arrives, each chunk keeping the deadline alive; an error
   * `onChunk` throws ends the exchange (and closes the connection) and is thrown from here.
   */
  async read(onChunk: (chunk: Uint8Array) => void): Promise<void> {
    let complete = false;
    try {
      await this.#response.read((chunk) => {
        this.#deadline.touch();
        if (this.#onFirstByte) {
          const first = this.#onFirstByte;
          this.#onFirstByte = undefined;
          first(this.#deadline.firstByteMs ?? 0);
        }
        onChunk(chunk);
      });
      complete = true;
    } catch (error) {
      throw this.#fail(error);
    } finally {
      this.#timing ??= this.#deadline.stop();
      this.#unwatch();
      // Left half-read: close the connection so the server drops the request.
      if (!complete) this.#cancel.cancel();
    }
  }

  async text(): Promise<string> {
    const decoder = new TextDecoder();
    let text = '';
    await this.read((chunk) => (text += decoder.decode(chunk, { stream: true })));
    return text + decoder.decode();
  }

  async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw badResponse(`The server at ${this.url} answered with something that is not JSON`);
    }
  }

  /** First byte, longest silence and total time; known once the body has been read. */
  get timing(): ExchangeTiming | undefined {
    return this.#timing;
  }
}
