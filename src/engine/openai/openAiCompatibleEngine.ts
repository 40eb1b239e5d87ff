import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  GenerationResult,
  LlmEngine,
  SamplingOptions,
} from '../../core/ports/llmEngine';
import { EngineError } from '../../core/ports/engineError';
import type { ExchangeTiming } from '../http/deadline';
import { HttpExchange } from '../http/exchange';
import { badResponse } from '../http/httpErrors';
import { fetchTransport, type HttpTransport } from '../http/transport';
import { readChoices } from './choiceStream';
import { apiBaseUrl } from './endpointUrl';
import { choiceSeed } from './choiceSeeds';

export interface RemoteEndpointConfig {
  /** Server root or its /v1 base, e.g. http://gpu-box:8000. */
  baseUrl: string;
  /** Model name as the server lists it under /v1/models. */
  model: string;
  apiKey?: string;
  /**
   * Ceiling of one request however lively it is (default 10 minutes); long reasoning answers
   * need more, and any value is honoured (the CLI's HTTP client has no 300 s limit of its own).
   */
  timeoutMs?: number;
  /** Ask for server-sent events (default true); a server that ignores it is read as one body. */
  stream?: boolean;
  /** How requests go out: fetch in a page or worker, undici in the CLI. Default: fetch. */
  transport?: HttpTransport;
  /** Builds the default transport from this fetch (tests). */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 600_000;

export type GenerationKind = 'complete' | 'chat';

export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** Silence allowed before the next byte (liveness); default: the whole ceiling. */
  idleMs?: number;
  /** Called when the first byte of a streamed answer arrives (the server admitted the request). */
  onFirstByte?: (ms: number) => void;
  /** Called as a stream brings new non-empty deltas, with how many (a live token count). */
  onDeltas?: (count: number) => void;
}

/** One request's answer and how it went. */
export interface SentGeneration {
  result: GenerationResult;
  timing: ExchangeTiming;
  /** False when the server answered one body although a stream was asked for. */
  streamed: boolean;
}

export interface PoolingAnswer {
  /** `data` of the first pooling result (a vector, or one row per token). */
  data: unknown;
  promptTokens: number;
  timing: ExchangeTiming;
}

const STREAM_OPTIONS = { include_usage: true };

const NO_TIMING: ExchangeTiming = { firstByteMs: undefined, maxGapMs: 0, totalMs: 0 };

/** OpenAI-compatible HTTP backend (vLLM, SGLang, llama.cpp server, Ollama, TGI): one endpoint. */
export class OpenAiCompatibleEngine implements LlmEngine {
  readonly info: EngineInfo;
  readonly base: string;
  readonly #config: RemoteEndpointConfig;
  readonly #transport: HttpTransport;
  #stream: boolean;
  readonly #headers: { stream?: Record<string, string>; plain?: Record<string, string> } = {};
  /** Set once the server refused streaming options and requests went on without a stream. */
  streamRefused = false;

  constructor(config: RemoteEndpointConfig) {
    this.#config = config;
    this.base = apiBaseUrl(config.baseUrl);
    this.#transport = config.transport ?? fetchTransport(config.fetch);
    this.#stream = config.stream ?? true;
    this.info = { kind: 'remote', label: this.base, model: config.model };
  }

  get timeoutMs(): number {
    return this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#generate('complete', request, signal);
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#generate('chat', request, signal);
  }

  /**
   * Exactly one request, as the server answers it: no retries, and fewer choices than `n` when
   * the server ignores `n` (the endpoint pool owns retries, failover and splitting).
   */
  async send(
    kind: GenerationKind,
    request: CompletionRequest | ChatRequest,
    options: SendOptions = {},
  ): Promise<SentGeneration> {
    try {
      return await this.#sendOnce(kind, request, request.n ?? 1, request.seed, options);
    } catch (error) {
      // Some servers refuse stream_options (or streaming): go on without, once and for all.
      const refused =
        this.#stream &&
        error instanceof EngineError &&
        error.status === 400 &&
        /stream/i.test(error.message);
      if (!refused) throw error;
      this.#stream = false;
      this.streamRefused = true;
      return this.#sendOnce(kind, request, request.n ?? 1, request.seed, options);
    }
  }

  /** vLLM's Pooling API (`POST <root>/pooling`), used for reward models. */
  async pooling(
    messages: { role: string; content: string }[],
    options: SendOptions = {},
  ): Promise<PoolingAnswer> {
    const url = `${this.base.replace(/\/v1$/, '')}/pooling`;
    const exchange = await this.#open(url, { model: this.#config.model, messages }, options);
    const body = (await exchange.json()) as {
      data?: { data?: unknown }[];
      usage?: { prompt_tokens?: unknown };
    };
    const first = Array.isArray(body.data) ? body.data[0] : undefined;
    if (!first || !('data' in first))
      throw badResponse(`The reward model at ${url} answered without pooling data`);
    return {
      data: first.data,
      promptTokens: Number(body.usage?.prompt_tokens ?? 0) || 0,
      timing: exchange.timing ?? NO_TIMING,
    };
  }

  /** The server's Prometheus text (`GET <root>/metrics`), within a few seconds. */
  async metrics(signal?: AbortSignal): Promise<string> {
    const url = `${this.base.replace(/\/v1$/, '')}/metrics`;
    const headers: Record<string, string> = { accept: 'text/plain' };
    if (this.#config.apiKey) headers.authorization = `Bearer ${this.#config.apiKey}`;
    const exchange = await HttpExchange.open(
      { method: 'GET', url, headers },
      {
        transport: this.#transport,
        limits: { idleMs: 5_000, totalMs: 5_000 },
        ...(signal ? { signal } : {}),
      },
    );
    return exchange.text();
  }

  /** On its own (no pool), a server that ignores `n` gets the rest as separate seeded requests. */
  async #generate(
    kind: GenerationKind,
    request: CompletionRequest | ChatRequest,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const wanted = request.n ?? 1;
    const started = performance.now();
    const first = (await this.send(kind, request, signal ? { signal } : {})).result;
    const choices = [...first.choices];
    let { promptTokens, completionTokens } = first.usage;
    for (let i = choices.length; i < wanted; i++) {
      const extra = await this.#sendOnce(kind, request, 1, choiceSeed(request.seed, i), {
        ...(signal ? { signal } : {}),
      });
      choices.push(...extra.result.choices.slice(0, 1));
      promptTokens += extra.result.usage.promptTokens;
      completionTokens += extra.result.usage.completionTokens;
    }
    return {
      model: first.model,
      choices: choices.slice(0, wanted),
      usage: {
        ...first.usage,
        promptTokens,
        completionTokens,
        latencyS: (performance.now() - started) / 1000,
      },
    };
  }

  async #sendOnce(
    kind: GenerationKind,
    request: CompletionRequest | ChatRequest,
    n: number,
    seed: number | undefined,
    options: SendOptions,
  ): Promise<SentGeneration> {
    const chat = kind === 'chat';
    const payload: Record<string, unknown> = { model: this.#config.model };
    if (chat)
      payload.messages = (request as ChatRequest).messages.map((m) => ({
        role: m.role,
        content: m.content,
      }));
    else payload.prompt = (request as CompletionRequest).prompt;
    addSamplingFields(payload, request, n, seed, chat);
    if (this.#stream) {
      payload.stream = true;
      payload.stream_options = STREAM_OPTIONS;
    }
    const url = `${this.base}/${chat ? 'chat/completions' : 'completions'}`;
    const exchange = await this.#open(url, payload, options);
    const read = await readChoices(exchange, chat, options.onDeltas);
    const timing = exchange.timing ?? NO_TIMING;
    const usage = {
      promptTokens: read.promptTokens,
      completionTokens: read.completionTokens,
      latencyS: timing.totalMs / 1000,
      ...(read.streamed && timing.firstByteMs !== undefined
        ? { timeToFirstTokenS: timing.firstByteMs / 1000 }
        : {}),
    };
    return {
      result: { model: read.model ?? this.#config.model, choices: read.choices, usage },
      timing,
      streamed: read.streamed,
    };
  }

  /** The POST headers, made once per endpoint (streamed or not): the same for every request. */
  #postHeaders(): Record<string, string> {
    const cached = this.#stream ? this.#headers.stream : this.#headers.plain;
    if (cached) return cached;
    const headers: Record<string, string> = {
      accept: this.#stream ? 'text/event-stream, application/json' : 'application/json',
      'content-type': 'application/json',
    };
    if (this.#config.apiKey) headers.authorization = `Bearer ${this.#config.apiKey}`;
    if (this.#stream) this.#headers.stream = headers;
    else this.#headers.plain = headers;
    return headers;
  }

  #open(url: string, payload: unknown, options: SendOptions): Promise<HttpExchange> {
    const totalMs = this.timeoutMs;
    return HttpExchange.open(
      { method: 'POST', url, headers: this.#postHeaders(), body: JSON.stringify(payload) },
      {
        transport: this.#transport,
        limits: { idleMs: Math.min(options.idleMs ?? totalMs, totalMs), totalMs },
        signal: options.signal,
        onFirstByte: this.#stream ? options.onFirstByte : undefined,
      },
    );
  }
}

function addSamplingFields(
  fields: Record<string, unknown>,
  options: SamplingOptions,
  n: number,
  seed: number | undefined,
  chat: boolean,
): void {
  fields.max_tokens = options.maxTokens;
  fields.temperature = options.temperature;
  fields.top_p = options.topP;
  fields.n = n;
  if (options.stop?.length) fields.stop = options.stop;
  if (seed !== undefined) fields.seed = seed;
  if (options.topLogprobs !== undefined && chat) {
    fields.logprobs = true;
    fields.top_logprobs = options.topLogprobs;
  }
}
