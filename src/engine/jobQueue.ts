/**
 * One-at-a-time job queue shared by engines: owns ordering, cancellation and bounded retries so
 * call sites never do. A queued job whose signal aborts is removed and rejects with 'aborted';
 * a running one gets `interruptRunning()` and rejects with 'aborted' once the engine lets go
 * (so the next job never overlaps with a still-running generation).
 */
import { EngineError } from '../core/ports/engineError';

export interface JobQueueOptions {
  /** Extra attempts for retryable errors (0 = no retries). */
  maxRetries: number;
  /** Called when a running job's signal aborts (e.g. WebLLM's engine-wide interruptGenerate). */
  interruptRunning?: () => void | Promise<void>;
  /** Delay before retry `attempt` (1-based); default: none. */
  retryDelayMs?: (attempt: number, error: EngineError) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Turns unknown throwables into EngineError (engines pass their mapper). */
  toEngineError?: (error: unknown) => EngineError;
}

export type JobTask<T> = (attempt: number) => Promise<T>;

interface Job {
  run: () => Promise<void>;
  cancelQueued: () => void;
}

const abortedError = (): EngineError => EngineError.aborted();

export class JobQueue {
  readonly #options: JobQueueOptions;
  readonly #queue: Job[] = [];
  #running = false;
  #toEngineError: (error: unknown) => EngineError;

  constructor(options: JobQueueOptions) {
    this.#options = options;
    this.#toEngineError = options.toEngineError ?? ((error) => EngineError.from(error));
  }

  /** Jobs waiting behind the running one. */
  get pending(): number {
    return this.#queue.length;
  }

  get busy(): boolean {
    return this.#running;
  }

  run<T>(task: JobTask<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#queue.indexOf(job);
        if (index >= 0) {
          this.#queue.splice(index, 1);
          job.cancelQueued();
        } else {
          void this.#options.interruptRunning?.();
        }
      };
      const job: Job = {
        cancelQueued: () => {
          signal?.removeEventListener('abort', onAbort);
          reject(abortedError());
        },
        run: async () => {
          try {
            const value = await this.#attempt(task, signal);
            if (signal?.aborted) reject(abortedError());
            else resolve(value);
          } catch (error) {
            const mapped = this.#toEngineError(error);
            // A task that says how it was cancelled keeps its words.
            reject(signal?.aborted && mapped.code !== 'aborted' ? abortedError() : mapped);
          } finally {
            signal?.removeEventListener('abort', onAbort);
          }
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      void this.#drain();
    });
  }

  async #attempt<T>(task: JobTask<T>, signal: AbortSignal | undefined): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await task(attempt);
      } catch (raw) {
        const error = this.#toEngineError(raw);
        if (!error.retryable || attempt >= this.#options.maxRetries || signal?.aborted) throw error;
        const delay = this.#options.retryDelayMs?.(attempt + 1, error) ?? 0;
        if (delay > 0) await (this.#options.sleep ?? defaultSleep)(delay);
      }
    }
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let job = this.#queue.shift(); job; job = this.#queue.shift()) await job.run();
    } finally {
      this.#running = false;
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
