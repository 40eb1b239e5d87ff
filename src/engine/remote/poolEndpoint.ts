/**
 * One endpoint of the pool: its single-endpoint engine (one request per call, because the pool
 * owns retries and failover), its adaptive limit, circuit breaker, pause and live counters.
 */
import { EngineError, type EngineErrorCode } from '../../core/ports/engineError';
import type { ExchangeTiming } from '../http/deadline';
import type { ChatRequest, CompletionRequest, GenerationResult } from '../../core/ports/llmEngine';
import {
  OpenAiCompatibleEngine,
  type GenerationKind,
  type PoolingAnswer,
  type RemoteEndpointConfig,
  type SentGeneration,
} from '../openai/openAiCompatibleEngine';
import { AdaptiveLimit, type AdaptiveLimitOptions } from './adaptiveLimit';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuitBreaker';
import { ObservedLiveness, type LivenessOptions } from './liveness';
import { maskSecret } from './secrets';
import { SlidingRate } from './slidingRate';
import { runningRequests, waitingRequests } from './serverMetrics';

export interface PoolEndpointConfig extends RemoteEndpointConfig {
  /** Overrides the pool's starting concurrency for this endpoint. */
  initialLimit?: number;
  /** Overrides the pool's concurrency ceiling for this endpoint. */
  maxLimit?: number;
}

export interface EndpointStats {
  /** Position in the pool's endpoint list. */
  index: number;
  label: string;
  model: string;
  /** Masked (`••••abcd`), never the key itself. */
  apiKey?: string;
  state: BreakerState;
  inFlight: number;
  limit: number;
  completed: number;
  failed: number;
  tokensPerS: number;
  requestsPerS: number;
  /** Failed ÷ finished requests over the stats window (0 when none finished). */
  errorRate: number;
  /** Silence after which a request to this endpoint is cut and retried (learnt, ms). */
  idleDeadlineMs: number;
  /** Requests waiting in the server's own queue, when its metrics say. */
  serverWaiting?: number;
  /** Epoch ms until which the endpoint rests because the server sent Retry-After. */
  pausedUntil?: number;
  /** Whether the server returned all `n` choices when asked; unknown until a request with n > 1. */
  honoursN?: boolean;
  lastError?: { code: EngineErrorCode; message: string; at: number };
}

export interface PoolEndpointSettings {
  now: () => number;
  limit: Partial<AdaptiveLimitOptions>;
  breaker: CircuitBreakerOptions;
  liveness: Partial<LivenessOptions>;
  statsWindowMs: number;
  /** Called when the limit grew while requests stream: the pool can send more now. */
  onRoom?: () => void;
}

/** Errors that say the endpoint itself is unhealthy or misconfigured (count toward the breaker). */
const unhealthy = new Set<EngineErrorCode>([
  'network',
  'timeout',
  'cors',
  'server',
  'bad_response',
  'unauthorized',
  'not_found',
  'model_not_found',
  'unknown',
]);

function isOverload(error: EngineError): boolean {
  return error.code === 'rate_limited' || error.code === 'timeout' || error.status === 503;
}

export class PoolEndpoint {
  readonly index: number;
  readonly engine: OpenAiCompatibleEngine;
  readonly apiKey: string | undefined;
  inFlight = 0;
  /** Requests in flight whose first byte has not come yet (waiting in the server's queue). */
  #notStarted = 0;
  honoursN: boolean | undefined;
  /** Whether the server streams its answers (learnt from the first one). */
  #streams: boolean | undefined;
  #metricsMissing = false;
  /** Completion tokens per streamed delta in this server's last answer. */
  #tokensPerDelta = 1;
  readonly #config: PoolEndpointConfig;
  readonly #now: () => number;
  readonly #limit: AdaptiveLimit;
  readonly #onRoom: (() => void) | undefined;
  readonly #breaker: CircuitBreaker;
  readonly #liveness: ObservedLiveness;
  readonly #tokens: SlidingRate;
  readonly #requests: SlidingRate;
  readonly #failures: SlidingRate;
  #completed = 0;
  #failed = 0;
  #pausedUntil = 0;
  #lastError: EndpointStats['lastError'];

  constructor(config: PoolEndpointConfig, index: number, settings: PoolEndpointSettings) {
    this.index = index;
    this.#config = config;
    this.apiKey = config.apiKey;
    this.engine = new OpenAiCompatibleEngine(config);
    this.#now = settings.now;
    this.#onRoom = settings.onRoom;
    this.#limit = new AdaptiveLimit({
      ...settings.limit,
      ...(config.initialLimit !== undefined ? { initial: config.initialLimit } : {}),
      ...(config.maxLimit !== undefined ? { max: config.maxLimit } : {}),
    });
    this.#breaker = new CircuitBreaker(settings.breaker);
    this.#liveness = new ObservedLiveness(settings.liveness);
    this.#tokens = new SlidingRate(settings.statsWindowMs);
    this.#requests = new SlidingRate(settings.statsWindowMs);
    this.#failures = new SlidingRate(settings.statsWindowMs);
  }

  /** Reads the server's own queue from its metrics; a server without them is not asked again. */
  async readMetrics(): Promise<void> {
    if (this.#metricsMissing) return;
    try {
      const text = await this.engine.metrics();
      const waiting = waitingRequests(text, this.#config.model);
      if (waiting === undefined) this.#metricsMissing = true;
      this.#limit.serverQueue(waiting, runningRequests(text, this.#config.model), this.inFlight);
    } catch (error) {
      // 404 (llama.cpp without --metrics, Ollama): none to read. Anything else: try again later.
      if (error instanceof EngineError && !error.retryable) this.#metricsMissing = true;
      this.#limit.serverQueue(undefined, undefined, this.inFlight);
    }
  }

  /** The idle deadline the next request gets: learnt from this server's answers. */
  idleDeadlineMs(): number {
    return this.#liveness.idleMs(this.engine.timeoutMs);
  }

  get limit(): number {
    return this.#limit.value;
  }

  /** In-flight ÷ limit, or undefined when the endpoint cannot take a request now. */
  load(now: number): number | undefined {
    if (now < this.#pausedUntil || !this.#breaker.canDispatch(now)) return undefined;
    const capacity = this.#breaker.state(now) === 'half-open' ? 1 : this.#limit.value;
    return this.inFlight < capacity ? this.inFlight / this.#limit.value : undefined;
  }

  /** Not taking requests for its own health: an open or probing circuit, or a Retry-After pause. */
  resting(now: number): boolean {
    return now < this.#pausedUntil || this.#breaker.state(now) !== 'closed';
  }

  /** When a pause or an open circuit ends, if one is in the way. */
  wakeAt(now: number): number | undefined {
    let at = this.#pausedUntil > now ? this.#pausedUntil : undefined;
    if (this.#breaker.state(now) === 'open') {
      const open = this.#breaker.openUntil;
      if (open > now && (at === undefined || open < at)) at = open;
    }
    return at;
  }

  /** One generation request; learns from the answer whether the server honours `n`. */
  async generate(
    kind: GenerationKind,
    request: CompletionRequest | ChatRequest,
    signal: AbortSignal | undefined,
  ): Promise<GenerationResult> {
    let started = false;
    // A streaming server's first byte says it admitted the request: the limit reacts then.
    const onFirstByte = (ms: number): void => {
      started = true;
      this.#notStarted -= 1;
      if (!this.#streams) return;
      const before = this.#limit.value;
      this.#limit.onAdmitted(ms, this.inFlight, this.#notStarted);
      // Fill the new room now, not when some answer ends (a long generation takes seconds).
      if (this.#limit.value > before) this.#onRoom?.();
    };
    // Tokens count as they stream, so a long generation's server does not read 0 tok/s. A delta
    // holds as many tokens as the last answer showed (vLLM --stream-interval).
    let deltas = 0;
    const perDelta = this.#tokensPerDelta;
    const onDeltas = (count: number): void => {
      deltas += count;
      this.#tokens.add(count * perDelta, this.#now());
    };
    let sent: SentGeneration;
    try {
      sent = await this.engine.send(kind, request, {
        signal,
        idleMs: this.idleDeadlineMs(),
        onFirstByte,
        onDeltas,
      });
    } finally {
      if (!started) this.#notStarted -= 1;
    }
    const asked = request.n ?? 1;
    if (asked > 1) this.honoursN = sent.result.choices.length >= asked;
    if (!this.#streams)
      this.#limit.onAdmitted(sent.streamed ? sent.timing.firstByteMs : undefined, this.inFlight);
    this.#streams = sent.streamed;
    // The server's usage is exact: count the difference, and learn the tokens per delta.
    const tokens = sent.result.usage.completionTokens;
    if (deltas > 0 && tokens > 0) this.#tokensPerDelta = tokens / deltas;
    this.onSuccess(tokens - deltas * perDelta, sent.timing);
    return sent.result;
  }

  /** One reward-model request (POST /pooling). */
  async pooling(
    messages: { role: string; content: string }[],
    signal: AbortSignal | undefined,
  ): Promise<PoolingAnswer> {
    const idleMs = this.idleDeadlineMs();
    let answer: PoolingAnswer;
    try {
      answer = await this.engine.pooling(messages, { signal, idleMs });
    } finally {
      this.#notStarted -= 1;
    }
    this.#limit.onAdmitted(undefined, this.inFlight);
    this.onSuccess(0, answer.timing);
    return answer;
  }

  /** A request goes to this endpoint; returns its ticket for `onFailure`. */
  onDispatch(now: number): number {
    this.inFlight += 1;
    this.#notStarted += 1;
    this.#breaker.onDispatch(now);
    return this.#limit.onSent();
  }

  /** An answer arrived whole; `timing.maxGapMs` (its longest silence) feeds the idle deadline. */
  onSuccess(tokens: number, timing: Pick<ExchangeTiming, 'maxGapMs'>): void {
    const now = this.#now();
    const wasClosed = this.#breaker.state(now) === 'closed';
    if (!wasClosed) {
      this.#limit.resetLatency();
      this.#liveness.reset();
    }
    this.#liveness.observe(timing.maxGapMs);
    this.inFlight -= 1;
    this.#completed += 1;
    this.#breaker.onSuccess();
    this.#tokens.add(tokens, now);
    this.#requests.add(1, now);
  }

  /** A caller's cancel says nothing about the server. */
  onCancelled(): void {
    this.inFlight -= 1;
    this.#breaker.onNeutral();
  }

  onFailure(error: EngineError, now: number, ticket?: number): void {
    this.inFlight -= 1;
    this.#failed += 1;
    this.#failures.add(1, now);
    this.#lastError = { code: error.code, message: error.message, at: now };
    if (isOverload(error)) this.#limit.onOverload(ticket);
    if (error.retryAfterS !== undefined) {
      this.#pausedUntil = Math.max(this.#pausedUntil, now + error.retryAfterS * 1000);
    }
    if (unhealthy.has(error.code)) this.#breaker.onFailure(now);
    else this.#breaker.onNeutral();
  }

  stats(now: number): EndpointStats {
    const stats: EndpointStats = {
      index: this.index,
      label: this.engine.info.label,
      model: this.#config.model,
      state: this.#breaker.state(now),
      inFlight: this.inFlight,
      limit: this.#limit.value,
      completed: this.#completed,
      failed: this.#failed,
      tokensPerS: this.#tokens.perSecond(now),
      requestsPerS: this.#requests.perSecond(now),
      errorRate: errorRate(this.#failures.perSecond(now), this.#requests.perSecond(now)),
      idleDeadlineMs: this.idleDeadlineMs(),
    };
    if (this.#limit.waiting !== undefined) stats.serverWaiting = this.#limit.waiting;
    if (this.apiKey) stats.apiKey = maskSecret(this.apiKey);
    if (this.#pausedUntil > now) stats.pausedUntil = this.#pausedUntil;
    if (this.honoursN !== undefined) stats.honoursN = this.honoursN;
    if (this.#lastError) stats.lastError = { ...this.#lastError };
    return stats;
  }
}

function errorRate(failuresPerS: number, successesPerS: number): number {
  const all = failuresPerS + successesPerS;
  return all > 0 ? failuresPerS / all : 0;
}
