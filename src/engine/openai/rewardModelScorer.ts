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
 *
 * Requests go through an EndpointPool, so the reward model gets the same liveness deadlines,
 * retries, failover over replicas, limits and breakers as generation.
 */
import type { SolutionScore, SolutionScorer } from '../../core/ports/solutionScorer';
import { EndpointPool } from '../remote/endpointPool';
import type { PoolEndpointConfig } from '../remote/poolEndpoint';
import type { RetryPolicy } from '../remote/retryPolicy';
import { apiBaseUrl } from './endpointUrl';

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
  readonly pool: EndpointPool;

  /** One reward-model server (or replicas of it), or a pool built elsewhere. */
  constructor(
    target: PoolEndpointConfig | PoolEndpointConfig[] | EndpointPool,
    retry?: RetryPolicy,
  ) {
    this.pool =
      target instanceof EndpointPool
        ? target
        : new EndpointPool({
            endpoints: Array.isArray(target) ? target : [target],
            ...(retry ? { retry } : {}),
          });
  }

  async score(question: string, solution: string, signal?: AbortSignal): Promise<SolutionScore> {
    const answer = await this.pool.pooling(
      [
        { role: 'user', content: question },
        { role: 'assistant', content: solution },
      ],
      signal,
    );
    const score = rewardFromPooling(answer.data);
    return {
      score,
      output: score === null ? 'reward: unreadable' : `reward: ${score}`,
      tokens: { promptTokens: answer.promptTokens, completionTokens: 0 },
    };
  }
}
