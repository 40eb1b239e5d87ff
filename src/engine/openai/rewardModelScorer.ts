/**
 * A reward model served by vLLM as the selection scorer (the paper's best-of-k).
 *
 * vLLM serves reward models (e.g. `vllm serve internlm/internlm2-7b-reward --task reward
 * --trust-remote-code`, or `--runner pooling` on newer versions) through its Pooling API:
 * `POST <server root>/pooling` with `{model, messages}` applies the model's chat template to the
 * conversation and returns `{data: [{index, object: "pooling", data}], usage}`. Reward models use
 * ALL-token pooling, so `data` is one row per token (`[[r0], [r1], …]`); the reward of the whole
 * answer is the value at the last token. Models pooled to one value give `[r]` or `r`; both are
 * read the same way. `/v1/score` (cross-encoder sentence pairs) and `/classify` (softmaxed class
 * probabilities) do not apply to a scalar reward head, so they are not used.
 */
import type { SolutionScore, SolutionScorer } from '../../core/ports/solutionScorer';
import { EngineError } from '../../core/ports/engineError';
import { redactError } from '../remote/secrets';
import { apiBaseUrl } from './endpointUrl';
import { httpError, networkError } from './httpErrors';
import {
  abortedError,
  defaultRetryPolicy,
  retryDelayMs,
  sleep,
  type RetryPolicy,
} from './retryPolicy';

export interface RewardModelConfig {
  /** Server root (or its /v1 base; /pooling lives at the root), e.g. http://gpu-box:8001. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

interface PoolingResponse {
  data?: { data?: unknown }[];
  usage?: { prompt_tokens?: unknown };
}

/** The reward at the last token: the last number of the last row (or the number itself). */
export function rewardFromPooling(data: unknown): number | null {
  let value = data;
  while (Array.isArray(value)) value = value.at(-1);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The server root: `http://host:8001/v1` → `http://host:8001`. */
export function poolingUrl(baseUrl: string): string {
  return `${apiBaseUrl(baseUrl).replace(/\/v1$/, '')}/pooling`;
}

export class RewardModelScorer implements SolutionScorer {
  readonly url: string;
  readonly #config: RewardModelConfig;
  readonly #fetch: typeof fetch;

  constructor(config: RewardModelConfig) {
    this.#config = config;
    this.url = poolingUrl(config.baseUrl);
    this.#fetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async score(question: string, solution: string, signal?: AbortSignal): Promise<SolutionScore> {
    const body = {
      model: this.#config.model,
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: solution },
      ],
    };
    const response = (await this.#send(body, signal)) as PoolingResponse;
    const first = Array.isArray(response.data) ? response.data[0] : undefined;
    if (!first || !('data' in first))
      throw new EngineError({
        code: 'bad_response',
        retryable: true,
        message: `The reward model at ${this.url} answered without pooling data`,
      });
    const score = rewardFromPooling(first.data);
    return {
      score,
      output: score === null ? 'reward: unreadable' : `reward: ${score}`,
      tokens: {
        promptTokens: Number(response.usage?.prompt_tokens ?? 0) || 0,
        completionTokens: 0,
      },
    };
  }

  async #send(payload: unknown, signal?: AbortSignal): Promise<unknown> {
    const policy = this.#config.retry ?? defaultRetryPolicy;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#sendOnce(payload, signal);
      } catch (error) {
        const engineError = error instanceof EngineError ? error : networkError(this.url, error);
        if (!engineError.retryable || attempt >= policy.attempts || signal?.aborted)
          throw redactError(engineError, this.#config.apiKey);
        await sleep(retryDelayMs(policy, attempt, engineError), signal);
      }
    }
  }

  async #sendOnce(payload: unknown, signal?: AbortSignal): Promise<unknown> {
    const timeoutMs = this.#config.timeoutMs ?? 120_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
    };
    if (this.#config.apiKey) headers.authorization = `Bearer ${this.#config.apiKey}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw abortedError();
      if (timeout.aborted)
        throw new EngineError({
          code: 'timeout',
          retryable: true,
          message: `No answer from ${this.url} within ${Math.round(timeoutMs / 1000)} s`,
        });
      throw networkError(this.url, error);
    }
    if (!response.ok)
      throw httpError(response.status, text, response.headers.get('retry-after'), this.url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new EngineError({
        code: 'bad_response',
        retryable: true,
        message: `The reward model at ${this.url} answered with something that is not JSON`,
      });
    }
  }
}
