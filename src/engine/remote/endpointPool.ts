/**
 * Several OpenAI-compatible endpoints (replicas or a load-balanced cluster) behind one LlmEngine.
 * Each request goes to the least-loaded healthy endpoint (in-flight ÷ adaptive limit); failures
 * are retried with backoff, preferably elsewhere; the caller's AbortSignal ends queued, backing-off
 * and in-flight work at once. Reward-model scoring (vLLM /pooling) goes through the same queue,
 * limits and breakers. Live per-endpoint stats go to subscribers.
 */
import { onAbort } from '../../core/abortWatch';
import { EngineError } from '../../core/ports/engineError';
import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  GenerationResult,
  LlmEngine,
} from '../../core/ports/llmEngine';
import type { GenerationKind, PoolingAnswer } from '../openai/openAiCompatibleEngine';
import { retryDelayMs, type RetryPolicy } from './retryPolicy';
import type { AdaptiveLimitOptions } from './adaptiveLimit';
import { defaultBreakerOptions, type CircuitBreakerOptions } from './circuitBreaker';
import type { LivenessOptions } from './liveness';
import { PoolEndpoint, type EndpointStats, type PoolEndpointConfig } from './poolEndpoint';
import { RequestQueue, type QueuedJob } from './requestQueue';
import { redactError } from './secrets';
import { testConnection, type ConnectionCheck, type ConnectionTarget } from './testConnection';
import { mergeResults, splitSeeds } from './splitChoices';

export interface EndpointPoolOptions {
  endpoints: PoolEndpointConfig[];
  /** Attempts per request across all endpoints, with backoff between them. */
  retry?: RetryPolicy;
  /**
   * What happens to a request that failed `retry.attempts` times with retryable errors: 'fail'
   * rejects it; 'park' keeps it, retried every `parkDelayMs` (with jitter, other replicas
   * first) until it succeeds or its caller gives up, so one bad request never ends a run.
   * A request cut for silence is always retried at once instead (see `EngineError.stalled`).
   */
  exhausted?: 'fail' | 'park';
  parkDelayMs?: number;
  /** Every endpoint failing, none answering, for this long is an outage (see `snapshot().outage`). */
  outageAfterMs?: number;
  limit?: Partial<AdaptiveLimitOptions>;
  breaker?: Partial<CircuitBreakerOptions>;
  /** How idle deadlines are learnt from each endpoint's answers. */
  liveness?: Partial<LivenessOptions>;
  /**
   * Read each server's own queue from GET /metrics this often while the pool has work (vLLM,
   * SGLang); servers without metrics are asked once. Default: off.
   */
  metricsEveryMs?: number;
  /** Window of the tokens/s and requests/s figures. */
  statsWindowMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface PoolSnapshot {
  /** Requests waiting for a slot or backing off before a retry. */
  queued: number;
  /** Requests that used up their attempts and wait to be tried again (part of `queued`). */
  parked: number;
  endpoints: EndpointStats[];
  /** Set while every endpoint has been failing for at least `outageAfterMs`. */
  outage?: { since: number; lastError: string };
}

export type PoolListener = (snapshot: PoolSnapshot) => void;

export const defaultPoolRetry: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };
const DEFAULT_PARK_DELAY_MS = 30_000;
const DEFAULT_OUTAGE_AFTER_MS = 60_000;

/** Errors that belong to one endpoint's setup: worth trying another endpoint, not the same one. */
const endpointSpecific = new Set(['unauthorized', 'not_found', 'model_not_found']);

type AnyRequest = CompletionRequest | ChatRequest;

/** One request waiting for, or on, an endpoint: what to send, whom it was tried on, whom to tell. */
interface Job extends QueuedJob {
  send: (endpoint: PoolEndpoint, signal: AbortSignal | undefined) => Promise<unknown>;
  signal: AbortSignal | undefined;
  attempts: number;
  /** The endpoint's ticket for the current attempt (overloads of older requests do not count). */
  ticket: number;
  parked: boolean;
  /** Endpoints this request failed on (made at the first failure). */
  tried: Set<PoolEndpoint> | undefined;
  resolve: (value: unknown) => void;
  reject: (error: EngineError) => void;
  unwatch: () => void;
}

export class EndpointPool implements LlmEngine {
  readonly info: EngineInfo;
  readonly #endpoints: PoolEndpoint[];
  readonly #configs: readonly PoolEndpointConfig[];
  readonly #queue = new RequestQueue<Job>();
  readonly #retry: RetryPolicy;
  readonly #park: boolean;
  readonly #parkDelayMs: number;
  readonly #outageAfterMs: number;
  /** First failure since the last success anywhere in the pool; undefined while healthy. */
  #failingSince: number | undefined;
  #lastFailure = '';
  #parkedCount = 0;
  readonly #metricsEveryMs: number;
  #metricsTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #listeners = new Set<PoolListener>();
  #notifyScheduled = false;
  #pumpScheduled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  constructor(options: EndpointPoolOptions) {
    if (options.endpoints.length === 0)
      throw new Error('An endpoint pool needs at least one endpoint');
    this.#now = options.now ?? Date.now;
    const settings = {
      now: this.#now,
      limit: options.limit ?? {},
      breaker: { ...defaultBreakerOptions, ...options.breaker },
      liveness: options.liveness ?? {},
      statsWindowMs: options.statsWindowMs ?? 10_000,
      onRoom: () => this.#pumpSoon(),
    };
    this.#endpoints = options.endpoints.map((config, i) => new PoolEndpoint(config, i, settings));
    this.#configs = options.endpoints;
    this.#retry = options.retry ?? defaultPoolRetry;
    this.#park = options.exhausted === 'park';
    this.#parkDelayMs = options.parkDelayMs ?? DEFAULT_PARK_DELAY_MS;
    this.#outageAfterMs = options.outageAfterMs ?? DEFAULT_OUTAGE_AFTER_MS;
    this.#metricsEveryMs = options.metricsEveryMs ?? 0;
    this.#random = options.random ?? Math.random;
    this.info = {
      kind: 'remote',
      label: this.#endpoints.map((e) => e.engine.info.label).join(', '),
      model: this.#endpoints[0]!.engine.info.model,
    };
  }

  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#generate('complete', request, signal);
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#generate('chat', request, signal);
  }

  /** POST /pooling on the least-loaded endpoint (a reward model's score of a conversation). */
  pooling(
    messages: { role: string; content: string }[],
    signal?: AbortSignal,
  ): Promise<PoolingAnswer> {
    return this.#submit((endpoint, s) => endpoint.pooling(messages, s), signal, undefined);
  }

  snapshot(): PoolSnapshot {
    const now = this.#now();
    const snapshot: PoolSnapshot = {
      queued: this.#queue.size,
      parked: this.#parkedCount,
      endpoints: this.#endpoints.map((e) => e.stats(now)),
    };
    const outage = this.outageSince(now);
    if (outage !== undefined) snapshot.outage = { since: outage, lastError: this.#lastFailure };
    return snapshot;
  }

  /**
   * When the current outage began: no endpoint has answered since `since`, requests kept
   * failing, and every endpoint is resting (open circuit or Retry-After). Undefined otherwise.
   */
  outageSince(now = this.#now()): number | undefined {
    const since = this.#failingSince;
    if (since === undefined || now - since < this.#outageAfterMs) return undefined;
    return this.#endpoints.every((e) => e.resting(now)) ? since : undefined;
  }

  /**
   * Asks every endpoint for its model list (Test connection), outside the queue and breakers;
   * true when one lists the model. A run paused by an outage probes its servers this way.
   */
  async probe(
    timeoutMs: number,
    test: (target: ConnectionTarget) => Promise<ConnectionCheck> = testConnection,
  ): Promise<boolean> {
    const checks = await Promise.all(
      this.#configs.map((e) =>
        test({
          baseUrl: e.baseUrl,
          model: e.model,
          timeoutMs,
          ...(e.apiKey ? { apiKey: e.apiKey } : {}),
        }).catch(() => ({ ok: false })),
      ),
    );
    return checks.some((c) => c.ok);
  }

  /** Calls `listener` now and after every change (coalesced per microtask); returns unsubscribe. */
  subscribe(listener: PoolListener): () => void {
    this.#listeners.add(listener);
    listener(this.snapshot());
    return () => this.#listeners.delete(listener);
  }

  async #generate(
    kind: GenerationKind,
    request: AnyRequest,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const n = request.n ?? 1;
    if (n > 1 && this.#splitChoices()) return this.#generateSplit(kind, request, 0, n, signal);
    const started = performance.now();
    const first = await this.#submit(
      (e, s) => e.generate(kind, request, s),
      signal,
      request.priority,
    );
    if (first.choices.length >= n) return first;
    // This server ignored `n`: the missing choices go out as separate seeded requests.
    const rest = await this.#generateSplit(kind, request, first.choices.length, n, signal);
    return mergeResults([first, rest], (performance.now() - started) / 1000);
  }

  /**
   * When the servers are known to ignore `n`, ask for the choices as separate requests spread over
   * all slots instead of letting one endpoint make them one after another.
   */
  #splitChoices(): boolean {
    const known = this.#endpoints.map((e) => e.honoursN);
    return known.includes(false) && !known.includes(true);
  }

  /** Choices `from`..`n` of a request as one-choice requests (seeds as if the server had split). */
  async #generateSplit(
    kind: GenerationKind,
    request: AnyRequest,
    from: number,
    n: number,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const siblings = new AbortController();
    const unwatch = signal ? onAbort(signal, () => siblings.abort()) : () => {};
    const started = performance.now();
    const parts = splitSeeds(request.seed, n)
      .slice(from)
      .map((seed) =>
        this.#submit(
          (e, s) =>
            e.generate(kind, { ...request, n: 1, ...(seed !== undefined ? { seed } : {}) }, s),
          siblings.signal,
          request.priority,
        ),
      );
    try {
      return mergeResults(await Promise.all(parts), (performance.now() - started) / 1000);
    } catch (error) {
      siblings.abort();
      throw signal?.aborted ? EngineError.aborted() : error;
    } finally {
      unwatch();
    }
  }

  #submit<T>(
    send: (endpoint: PoolEndpoint, signal: AbortSignal | undefined) => Promise<T>,
    signal: AbortSignal | undefined,
    priority: number | undefined,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(EngineError.aborted());
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        send,
        signal,
        attempts: 0,
        ticket: 0,
        parked: false,
        tried: undefined,
        phase: 'queued',
        readyAt: 0,
        priority,
        resolve: resolve as (value: unknown) => void,
        reject,
        unwatch: () => {},
      };
      if (signal)
        job.unwatch = onAbort(signal, () => {
          // A running job is ended by its exchange, which sees the same signal.
          if (job.phase !== 'queued') return;
          this.#queue.remove(job, 'done');
          this.#settle(job, EngineError.aborted());
          this.#changed();
        });
      this.#queue.push(job);
      this.#pump();
    });
  }

  #settle(job: Job, outcome: unknown): void {
    this.#unpark(job);
    job.phase = 'done';
    job.unwatch();
    if (outcome instanceof EngineError) job.reject(outcome);
    else job.resolve(outcome);
  }

  /** One pump for any number of endpoints that found room in the same tick. */
  #pumpSoon(): void {
    if (this.#pumpScheduled || this.#queue.size === 0) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const now = this.#now();
    for (let job = this.#queue.peek(now); job; job = this.#queue.peek(now)) {
      const endpoint = this.#pick(job, now);
      if (!endpoint) break;
      this.#queue.remove(job, 'running');
      this.#dispatch(job, endpoint, now);
    }
    this.#scheduleWake(now);
    this.#scheduleMetrics();
    this.#changed();
  }

  /** Polls the servers' queues while there is work; stops by itself when the pool is idle. */
  #scheduleMetrics(): void {
    if (this.#metricsEveryMs <= 0 || this.#metricsTimer !== undefined) return;
    const busy = this.#queue.size > 0 || this.#endpoints.some((e) => e.inFlight > 0);
    if (!busy) return;
    this.#metricsTimer = setTimeout(() => {
      void Promise.all(this.#endpoints.map((e) => e.readMetrics())).finally(() => {
        this.#metricsTimer = undefined;
        this.#scheduleMetrics();
        this.#changed();
      });
    }, this.#metricsEveryMs);
    // Never keeps a process alive on its own.
    (this.#metricsTimer as { unref?: () => void }).unref?.();
  }

  /** Least loaded among those that can take a request; endpoints this job already failed on rank last. */
  #pick(job: Job, now: number): PoolEndpoint | undefined {
    let best: PoolEndpoint | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const endpoint of this.#endpoints) {
      const load = endpoint.load(now);
      if (load === undefined) continue;
      const score = job.tried?.has(endpoint) ? load + 1 : load;
      if (score < bestScore) {
        best = endpoint;
        bestScore = score;
      }
    }
    return best;
  }

  #dispatch(job: Job, endpoint: PoolEndpoint, now: number): void {
    job.attempts += 1;
    job.ticket = endpoint.onDispatch(now);
    job.send(endpoint, job.signal).then(
      (value) => {
        this.#failingSince = undefined;
        this.#settle(job, value);
        this.#pump();
      },
      (raw: unknown) => {
        try {
          this.#onFailure(job, endpoint, raw);
        } finally {
          this.#pump();
        }
      },
    );
  }

  #onFailure(job: Job, endpoint: PoolEndpoint, raw: unknown): void {
    if (job.signal?.aborted) {
      endpoint.onCancelled();
      this.#settle(job, EngineError.aborted());
      return;
    }
    const error = redactError(EngineError.from(raw), endpoint.apiKey);
    const now = this.#now();
    endpoint.onFailure(error, now, job.ticket);
    this.#failingSince ??= now;
    this.#lastFailure = `${endpoint.engine.info.label}: ${error.message}`;
    (job.tried ??= new Set()).add(endpoint);
    const verdict = this.#mayRetry(job, error);
    if (verdict === 'no') {
      this.#settle(job, error);
      return;
    }
    if (verdict === 'park') {
      // A fresh round: every replica is worth trying again, the least loaded first.
      job.tried = undefined;
      if (!job.parked) this.#parkedCount += 1;
      job.parked = true;
      job.readyAt = now + this.#parkDelayMs / 2 + this.#random() * (this.#parkDelayMs / 2);
    } else job.readyAt = now + this.#backoffMs(job, error, now);
    this.#queue.pushRetry(job);
  }

  #mayRetry(job: Job, error: EngineError): 'yes' | 'park' | 'no' {
    // A server that went silent says nothing about the request, and the deadline already spaced
    // the attempts: parking it would hold everything stored after it for the park delay.
    if (error.stalled && this.#park) return 'yes';
    const elsewhere = this.#endpoints.some((e) => !job.tried?.has(e));
    if (!error.retryable && !(endpointSpecific.has(error.code) && elsewhere)) return 'no';
    if (job.attempts < this.#retry.attempts) return 'yes';
    return this.#park && error.retryable ? 'park' : 'no';
  }

  #unpark(job: Job): void {
    if (!job.parked) return;
    job.parked = false;
    this.#parkedCount -= 1;
  }

  /**
   * Failover to an endpoint this request has not tried yet is immediate; otherwise exponential
   * backoff with jitter. Retry-After is not added here: it pauses the endpoint that sent it.
   */
  #backoffMs(job: Job, error: EngineError, now: number): number {
    const fresh = this.#endpoints.some((e) => !job.tried?.has(e) && e.load(now) !== undefined);
    if (fresh || error.stalled || endpointSpecific.has(error.code)) return 0;
    return retryDelayMs(this.#retry, job.attempts, this.#random);
  }

  /** Wakes the pump when a backoff, a Retry-After pause or a breaker cool-down ends. */
  #scheduleWake(now: number): void {
    // Allocation-free: this runs after every answer.
    let at: number | undefined;
    if (this.#queue.size > 0) {
      at = this.#queue.nextReadyAt(now);
      for (const endpoint of this.#endpoints) {
        const wake = endpoint.wakeAt(now);
        if (wake !== undefined && (at === undefined || wake < at)) at = wake;
      }
    }
    if (this.#timer !== undefined && (at === undefined || at < this.#timerAt)) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (at === undefined || this.#timer !== undefined) return;
    this.#timerAt = at;
    this.#timer = setTimeout(this.#onWake, at - now);
  }

  readonly #onWake = (): void => {
    this.#timer = undefined;
    this.#pump();
  };

  #changed(): void {
    if (this.#listeners.size === 0 || this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      const snapshot = this.snapshot();
      for (const listener of this.#listeners) listener(snapshot);
    });
  }
}
