/**
 * Several OpenAI-compatible endpoints (replicas or a load-balanced cluster) behind one LlmEngine.
 * Each request goes to the least-loaded healthy endpoint (in-flight ÷ adaptive limit); failures
 * are retried with backoff, preferably elsewhere; the caller's AbortSignal ends queued, backing-off
 * and in-flight work at once. Live per-endpoint stats go to subscribers.
 */
import { EngineError } from '../../core/ports/engineError';
import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  GenerationResult,
  LlmEngine,
} from '../../core/ports/llmEngine';
import { abortedError, retryDelayMs, type RetryPolicy } from '../openai/retryPolicy';
import type { AdaptiveLimitOptions } from './adaptiveLimit';
import { defaultBreakerOptions, type CircuitBreakerOptions } from './circuitBreaker';
import { PoolEndpoint, type EndpointStats, type PoolEndpointConfig } from './poolEndpoint';
import { RequestQueue, type QueuedJob } from './requestQueue';
import { redactError } from './secrets';
import { mergeResults, splitSeeds } from './splitChoices';

export interface EndpointPoolOptions {
  endpoints: PoolEndpointConfig[];
  /** Total attempts per request across all endpoints, with backoff between them. */
  retry?: RetryPolicy;
  limit?: Partial<AdaptiveLimitOptions>;
  breaker?: Partial<CircuitBreakerOptions>;
  /** Window of the tokens/s and requests/s figures. */
  statsWindowMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface PoolSnapshot {
  /** Requests waiting for a slot or backing off before a retry. */
  queued: number;
  endpoints: EndpointStats[];
}

export type PoolListener = (snapshot: PoolSnapshot) => void;

export const defaultPoolRetry: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

/** Errors that belong to one endpoint's setup: worth trying another endpoint, not the same one. */
const endpointSpecific = new Set(['unauthorized', 'not_found', 'model_not_found']);

type Kind = 'complete' | 'chat';
type AnyRequest = CompletionRequest | ChatRequest;

interface Job extends QueuedJob {
  kind: Kind;
  request: AnyRequest;
  signal: AbortSignal | undefined;
  attempts: number;
  tried: Set<PoolEndpoint>;
  resolve: (result: GenerationResult) => void;
  reject: (error: EngineError) => void;
  onAbort: () => void;
}

export class EndpointPool implements LlmEngine {
  readonly info: EngineInfo;
  readonly #endpoints: PoolEndpoint[];
  readonly #queue = new RequestQueue<Job>();
  readonly #retry: RetryPolicy;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #listeners = new Set<PoolListener>();
  /** One abort listener per caller signal (a run shares one signal across thousands of requests). */
  readonly #watched = new WeakMap<AbortSignal, Set<Job>>();
  #notifyScheduled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  constructor(options: EndpointPoolOptions) {
    if (options.endpoints.length === 0)
      throw new Error('An endpoint pool needs at least one endpoint');
    const settings = {
      limit: options.limit ?? {},
      breaker: { ...defaultBreakerOptions, ...options.breaker },
      statsWindowMs: options.statsWindowMs ?? 10_000,
    };
    this.#endpoints = options.endpoints.map((config, i) => new PoolEndpoint(config, i, settings));
    this.#retry = options.retry ?? defaultPoolRetry;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.info = {
      kind: 'remote',
      label: this.#endpoints.map((e) => e.engine.info.label).join(', '),
      model: this.#endpoints[0]!.engine.info.model,
    };
  }

  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#run('complete', request, signal);
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#run('chat', request, signal);
  }

  snapshot(): PoolSnapshot {
    const now = this.#now();
    return { queued: this.#queue.size, endpoints: this.#endpoints.map((e) => e.stats(now)) };
  }

  /** Calls `listener` now and after every change (coalesced per microtask); returns unsubscribe. */
  subscribe(listener: PoolListener): () => void {
    this.#listeners.add(listener);
    listener(this.snapshot());
    return () => this.#listeners.delete(listener);
  }

  #run(kind: Kind, request: AnyRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const n = request.n ?? 1;
    return n > 1 && this.#splitChoices()
      ? this.#runSplit(kind, request, n, signal)
      : this.#submit(kind, request, signal);
  }

  /**
   * When the servers are known to ignore `n`, ask for the choices as separate requests spread over
   * all slots instead of letting one endpoint make them one after another.
   */
  #splitChoices(): boolean {
    const known = this.#endpoints.map((e) => e.honoursN);
    return known.includes(false) && !known.includes(true);
  }

  async #runSplit(
    kind: Kind,
    request: AnyRequest,
    n: number,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const siblings = new AbortController();
    const combined = signal ? AbortSignal.any([signal, siblings.signal]) : siblings.signal;
    const started = performance.now();
    const parts = splitSeeds(request.seed, n).map((seed) =>
      this.#submit(kind, { ...request, n: 1, seed }, combined),
    );
    try {
      return mergeResults(await Promise.all(parts), (performance.now() - started) / 1000);
    } catch (error) {
      siblings.abort();
      throw signal?.aborted ? abortedError() : error;
    }
  }

  #submit(kind: Kind, request: AnyRequest, signal?: AbortSignal): Promise<GenerationResult> {
    if (signal?.aborted) return Promise.reject(abortedError());
    return new Promise<GenerationResult>((resolve, reject) => {
      const job: Job = {
        kind,
        request,
        signal,
        attempts: 0,
        tried: new Set(),
        phase: 'queued',
        readyAt: 0,
        resolve,
        reject,
        onAbort: () => {
          // A running job is ended by the engine, which sees the same signal.
          if (job.phase !== 'queued') return;
          this.#queue.remove(job, 'done');
          this.#settle(job, abortedError());
          this.#changed();
        },
      };
      this.#watch(job);
      this.#queue.push(job);
      this.#pump();
    });
  }

  #settle(job: Job, outcome: GenerationResult | EngineError): void {
    job.phase = 'done';
    if (job.signal) this.#watched.get(job.signal)?.delete(job);
    if (outcome instanceof EngineError) job.reject(outcome);
    else job.resolve(outcome);
  }

  #watch(job: Job): void {
    const signal = job.signal;
    if (!signal) return;
    let jobs = this.#watched.get(signal);
    if (!jobs) {
      const watched = new Set<Job>();
      jobs = watched;
      this.#watched.set(signal, watched);
      signal.addEventListener(
        'abort',
        () => {
          for (const waiting of [...watched]) waiting.onAbort();
          this.#watched.delete(signal);
        },
        { once: true },
      );
    }
    jobs.add(job);
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
    this.#changed();
  }

  /** Least loaded among those that can take a request; endpoints this job already failed on rank last. */
  #pick(job: Job, now: number): PoolEndpoint | undefined {
    let best: PoolEndpoint | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const endpoint of this.#endpoints) {
      const load = endpoint.load(now);
      if (load === undefined) continue;
      const score = load + (job.tried.has(endpoint) ? 1 : 0);
      if (score < bestScore) {
        best = endpoint;
        bestScore = score;
      }
    }
    return best;
  }

  #dispatch(job: Job, endpoint: PoolEndpoint, now: number): void {
    job.attempts += 1;
    endpoint.onDispatch(now);
    const call =
      job.kind === 'complete'
        ? endpoint.engine.complete(job.request as CompletionRequest, job.signal)
        : endpoint.engine.chat(job.request as ChatRequest, job.signal);
    call
      .then(
        (result) => {
          endpoint.onSuccess(result, this.#now());
          this.#settle(job, result);
        },
        (raw: unknown) => this.#onFailure(job, endpoint, raw),
      )
      .finally(() => this.#pump())
      .catch(() => undefined);
  }

  #onFailure(job: Job, endpoint: PoolEndpoint, raw: unknown): void {
    if (job.signal?.aborted) {
      endpoint.onCancelled();
      this.#settle(job, abortedError());
      return;
    }
    const error = redactError(toEngineError(raw), endpoint.apiKey);
    const now = this.#now();
    endpoint.onFailure(error, now);
    job.tried.add(endpoint);
    if (!this.#mayRetry(job, error)) {
      this.#settle(job, error);
      return;
    }
    if ((job.request.n ?? 1) > 1 && this.#splitChoices()) {
      this.#retrySplit(job);
      return;
    }
    job.readyAt = now + this.#backoffMs(job, error, now);
    this.#queue.pushRetry(job);
  }

  /**
   * A request for n choices sent before the pool learnt that its servers ignore `n` failed: retry
   * it as n separate requests, each retried on its own, instead of again as one job that needs
   * all n of its hidden requests to succeed on the same try.
   */
  #retrySplit(job: Job): void {
    const n = job.request.n ?? 1;
    this.#runSplit(job.kind, job.request, n, job.signal).then(
      (result) => this.#settle(job, result),
      (raw: unknown) => this.#settle(job, toEngineError(raw)),
    );
  }

  #mayRetry(job: Job, error: EngineError): boolean {
    if (job.attempts >= this.#retry.attempts) return false;
    if (error.retryable) return true;
    return endpointSpecific.has(error.code) && this.#endpoints.some((e) => !job.tried.has(e));
  }

  /**
   * Failover to an endpoint this request has not tried yet is immediate; otherwise exponential
   * backoff with jitter. Retry-After is not added here: it pauses the endpoint that sent it.
   */
  #backoffMs(job: Job, error: EngineError, now: number): number {
    const fresh = this.#endpoints.some((e) => !job.tried.has(e) && e.load(now) !== undefined);
    if (fresh || endpointSpecific.has(error.code)) return 0;
    const plain = new EngineError({ code: error.code, message: '', retryable: true });
    return retryDelayMs(this.#retry, job.attempts, plain, this.#random);
  }

  /** Wakes the pump when a backoff, a Retry-After pause or a breaker cool-down ends. */
  #scheduleWake(now: number): void {
    const times =
      this.#queue.size === 0
        ? []
        : [this.#queue.nextReadyAt(now), ...this.#endpoints.map((e) => e.wakeAt(now))];
    const future = times.filter((t): t is number => t !== undefined && t > now);
    const at = future.length ? Math.min(...future) : undefined;
    if (this.#timer !== undefined && (at === undefined || at < this.#timerAt)) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (at === undefined || this.#timer !== undefined) return;
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, at - now);
  }

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

function toEngineError(raw: unknown): EngineError {
  if (raw instanceof EngineError) return raw;
  return new EngineError(
    { code: 'unknown', message: String(raw), retryable: false },
    { cause: raw },
  );
}
