import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  FinishReason,
  GenerationChoice,
  GenerationResult,
  LlmEngine,
  SamplingOptions,
  TokenLogprob,
} from '../../core/ports/llmEngine';
import { EngineError } from '../../core/ports/engineError';
import { apiBaseUrl } from './endpointUrl';
import { httpError, networkError } from './httpErrors';
import {
  abortedError,
  defaultRetryPolicy,
  retryDelayMs,
  sleep,
  type RetryPolicy,
} from './retryPolicy';

export interface RemoteEndpointConfig {
  /** Server root or its /v1 base, e.g. http://gpu-box:8000. */
  baseUrl: string;
  /** Model name as the server lists it under /v1/models. */
  model: string;
  apiKey?: string;
  /** Per-request timeout; generation of 2048 tokens on a busy server takes minutes. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

interface WireTokenLogprob {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: unknown;
}

interface WireChoice {
  text?: unknown;
  message?: { content?: unknown };
  finish_reason?: unknown;
  logprobs?: { content?: unknown } | null;
}

interface WireResponse {
  model?: unknown;
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

function finishReason(value: unknown): FinishReason {
  if (value === 'stop' || value === 'length' || value === 'abort') return value;
  if (value === 'eos' || value === 'stop_sequence') return 'stop';
  return 'other';
}

function badResponse(message: string): EngineError {
  return new EngineError({ code: 'bad_response', retryable: true, message });
}

function parseChoices(body: WireResponse, chat: boolean): GenerationChoice[] {
  if (!Array.isArray(body.choices))
    throw badResponse('The server answered without a "choices" list');
  return (body.choices as WireChoice[]).map((choice) => {
    const text = chat ? choice.message?.content : choice.text;
    if (typeof text !== 'string') throw badResponse('A choice in the server answer has no text');
    const logprobs = chat ? chatLogprobs(choice.logprobs?.content) : undefined;
    return {
      text,
      finishReason: finishReason(choice.finish_reason),
      ...(logprobs && { logprobs }),
    };
  });
}

function tokenLogprob(entry: WireTokenLogprob): TokenLogprob | null {
  return typeof entry.token === 'string' && typeof entry.logprob === 'number'
    ? { token: entry.token, logprob: entry.logprob }
    : null;
}

/** Chat `logprobs.content` (OpenAI shape, also vLLM/SGLang/llama.cpp): token, logprob, top_logprobs. */
function chatLogprobs(content: unknown): GenerationChoice['logprobs'] {
  if (!Array.isArray(content)) return undefined;
  const out: NonNullable<GenerationChoice['logprobs']> = [];
  for (const entry of content as WireTokenLogprob[]) {
    const own = tokenLogprob(entry);
    if (!own) continue;
    const top = Array.isArray(entry.top_logprobs)
      ? (entry.top_logprobs as WireTokenLogprob[])
          .map(tokenLogprob)
          .filter((t): t is TokenLogprob => t !== null)
      : [];
    out.push({ ...own, top });
  }
  return out.length ? out : undefined;
}

/** OpenAI-compatible HTTP backend (vLLM, SGLang, llama.cpp server, Ollama, TGI). */
export class OpenAiCompatibleEngine implements LlmEngine {
  readonly info: EngineInfo;
  readonly #base: string;
  readonly #config: RemoteEndpointConfig;
  readonly #fetch: typeof fetch;

  constructor(config: RemoteEndpointConfig) {
    this.#config = config;
    this.#base = apiBaseUrl(config.baseUrl);
    this.#fetch = config.fetch ?? globalThis.fetch.bind(globalThis);
    this.info = { kind: 'remote', label: this.#base, model: config.model };
  }

  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#generate('completions', { prompt: request.prompt }, request, signal);
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
    return this.#generate('chat/completions', { messages }, request, signal);
  }

  /** Lists model ids from GET /v1/models (used by "Test connection"). */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const body = (await this.#send('GET', 'models', undefined, signal)) as {
      data?: { id?: unknown }[];
    };
    if (!Array.isArray(body.data))
      throw badResponse('GET /v1/models answered without a "data" list');
    return body.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
  }

  async #generate(
    path: 'completions' | 'chat/completions',
    input: Record<string, unknown>,
    options: SamplingOptions,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const wanted = options.n ?? 1;
    const started = performance.now();
    const first = await this.#request(path, input, options, wanted, options.seed, signal);
    const choices = [...first.choices];
    let { promptTokens, completionTokens } = first;
    // llama.cpp server and Ollama ignore `n`: make up the rest with separate, distinctly seeded requests.
    for (let i = choices.length; i < wanted; i++) {
      const seed = options.seed === undefined ? undefined : options.seed + i * 7919;
      const extra = await this.#request(path, input, options, 1, seed, signal);
      choices.push(...extra.choices.slice(0, 1));
      promptTokens += extra.promptTokens;
      completionTokens += extra.completionTokens;
    }
    return {
      model: first.model,
      choices: choices.slice(0, wanted),
      usage: { promptTokens, completionTokens, latencyS: (performance.now() - started) / 1000 },
    };
  }

  async #request(
    path: string,
    input: Record<string, unknown>,
    options: SamplingOptions,
    n: number,
    seed: number | undefined,
    signal?: AbortSignal,
  ) {
    const payload: Record<string, unknown> = {
      model: this.#config.model,
      ...input,
      max_tokens: options.maxTokens,
      temperature: options.temperature,
      top_p: options.topP,
      n,
    };
    if (options.stop?.length) payload.stop = options.stop;
    if (seed !== undefined) payload.seed = seed;
    if (options.topLogprobs !== undefined && path.startsWith('chat')) {
      payload.logprobs = true;
      payload.top_logprobs = options.topLogprobs;
    }
    const body = (await this.#send('POST', path, payload, signal)) as WireResponse;
    const choices = parseChoices(body, path.startsWith('chat'));
    if (choices.length === 0) throw badResponse('The server answered with no choices');
    return {
      model: typeof body.model === 'string' ? body.model : this.#config.model,
      choices,
      promptTokens: Number(body.usage?.prompt_tokens ?? 0) || 0,
      completionTokens: Number(body.usage?.completion_tokens ?? 0) || 0,
    };
  }

  /** One HTTP exchange with timeout and bounded retries on retryable failures. */
  async #send(
    method: 'GET' | 'POST',
    path: string,
    payload: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const policy = this.#config.retry ?? defaultRetryPolicy;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#sendOnce(method, path, payload, signal);
      } catch (error) {
        const engineError =
          error instanceof EngineError ? error : networkError(`${this.#base}/${path}`, error);
        if (!engineError.retryable || attempt >= policy.attempts || signal?.aborted)
          throw engineError;
        await sleep(retryDelayMs(policy, attempt, engineError), signal);
      }
    }
  }

  async #sendOnce(
    method: 'GET' | 'POST',
    path: string,
    payload: unknown,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const url = `${this.#base}/${path}`;
    const timeoutMs = this.#config.timeoutMs ?? 600_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.#config.apiKey) headers.authorization = `Bearer ${this.#config.apiKey}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: payload === undefined ? null : JSON.stringify(payload),
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw abortedError();
      if (timeout.aborted) {
        throw new EngineError({
          code: 'timeout',
          retryable: true,
          message: `No answer from ${url} within ${Math.round(timeoutMs / 1000)} s`,
        });
      }
      throw networkError(url, error);
    }
    if (!response.ok)
      throw httpError(response.status, text, response.headers.get('retry-after'), url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw badResponse(`The server at ${url} answered with something that is not JSON`);
    }
  }
}
