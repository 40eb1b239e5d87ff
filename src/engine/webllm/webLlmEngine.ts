/**
 * Main-thread `LlmEngine` for the local WebGPU engine: wraps the worker client (a Comlink remote
 * in the browser, the API object itself in tests) and the shared job queue. Rebuilds typed
 * `EngineError`s and recovers from a lost GPU device by reloading the model and retrying.
 */
import { EngineError } from '../../core/ports/engineError';
import type { EngineErrorData } from '../../core/ports/engineError';
import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  GenerationUsage,
  LlmEngine,
} from '../../core/ports/llmEngine';
import { JobQueue } from '../jobQueue';
import type { LoadProgress } from './loadProgress';
import type { WebLlmExtras, WebLlmResult } from './requestMapping';
import type { LoadInfo, WebLlmWorkerApiObject, WorkerResult } from './workerApi';

export type WebLlmWorkerClient = Pick<
  WebLlmWorkerApiObject,
  'load' | 'cancelLoad' | 'unload' | 'complete' | 'chat' | 'interrupt'
>;

/** A lost GPU device during a request, and how the reload went. */
export interface DeviceRecovery {
  modelId: string;
  /** Wall-clock time the loss was noticed (ms since the epoch). */
  atMs: number;
  /** What WebLLM said when the request failed. */
  cause: string;
  /** The model was reloaded and the request sent again. */
  recovered: boolean;
  /** Seconds the reload took (when it finished). */
  reloadS?: number;
  /** Why the reload failed, when it did. */
  error?: string;
}

export type RecoveryListener = (recovery: DeviceRecovery) => void;

export interface WebLlmEngineOptions {
  modelId: string;
  /** Shared with every engine talking to the same worker: one request at a time per GPU. */
  queue?: JobQueue;
  maxRetries?: number;
  /** Comlink.proxy in the browser; identity in tests. */
  wrapCallback?: <F extends (...args: never[]) => unknown>(fn: F) => F;
  onUsage?: (usage: GenerationUsage, modelId: string) => void;
  /** Told when a request starts and ends on the GPU (live "busy" state). */
  onBusy?: (busy: boolean) => void;
  /** Told when a lost device forced a reload (for the UI's status line). */
  onRecovery?: RecoveryListener;
  /** Wall clock in ms (tests); default Date.now. */
  nowMs?: () => number;
}

const LOST_MODEL_CODES = new Set(['model_not_loaded', 'device_lost']);

export function createWorkerQueue(
  client: Pick<WebLlmWorkerClient, 'interrupt'>,
  maxRetries = 2,
): JobQueue {
  return new JobQueue({ maxRetries, interruptRunning: () => client.interrupt() });
}

export class WebLlmEngine implements LlmEngine {
  readonly info: EngineInfo;
  readonly #client: WebLlmWorkerClient;
  readonly #queue: JobQueue;
  readonly #options: WebLlmEngineOptions;
  #loaded = false;
  #recoveries = 0;
  readonly #recoveryListeners = new Set<RecoveryListener>();

  constructor(client: WebLlmWorkerClient, options: WebLlmEngineOptions) {
    this.#client = client;
    this.#options = options;
    this.#queue = options.queue ?? createWorkerQueue(client, options.maxRetries);
    this.info = {
      kind: 'webllm',
      label: `Local WebGPU · ${options.modelId}`,
      model: options.modelId,
    };
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** How many times a lost device was recovered from. */
  get recoveries(): number {
    return this.#recoveries;
  }

  /**
   * Hears about every lost device this engine recovers from (or fails to); a run records them
   * as run events. Returns the unsubscribe function.
   */
  onDeviceRecovery(listener: RecoveryListener): () => void {
    this.#recoveryListeners.add(listener);
    return () => this.#recoveryListeners.delete(listener);
  }

  /** Downloads (if needed) and loads the model; queued so it never overlaps a generation. */
  load(onProgress?: (p: LoadProgress) => void, signal?: AbortSignal): Promise<LoadInfo> {
    const { modelId } = this.#options;
    const onAbort = (): void => void this.#client.cancelLoad(modelId);
    signal?.addEventListener('abort', onAbort, { once: true });
    const run = async (): Promise<LoadInfo> => {
      const info = unwrap(await this.#loadNow(onProgress));
      if (signal?.aborted) {
        // Cancelled as the load finished: the worker holds the model, so let it go.
        await this.#client.unload();
        throw new EngineError({
          code: 'aborted',
          message: `Loading ${modelId} was cancelled; it had just finished and was unloaded.`,
          retryable: false,
        });
      }
      this.#loaded = true;
      return info;
    };
    return this.#queue
      .run(run, signal)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  async unload(): Promise<void> {
    this.#loaded = false;
    await this.#client.unload();
  }

  complete(request: CompletionRequest & WebLlmExtras, signal?: AbortSignal): Promise<WebLlmResult> {
    return this.#generate(() => this.#client.complete(request), signal);
  }

  chat(request: ChatRequest & WebLlmExtras, signal?: AbortSignal): Promise<WebLlmResult> {
    return this.#generate(() => this.#client.chat(request), signal);
  }

  #loadNow(onProgress?: (p: LoadProgress) => void): Promise<WorkerResult<LoadInfo>> {
    const wrap = this.#options.wrapCallback;
    const callback = onProgress && wrap ? wrap(onProgress) : onProgress;
    return this.#client.load(this.#options.modelId, callback);
  }

  #generate(
    call: () => Promise<WorkerResult<WebLlmResult>>,
    signal?: AbortSignal,
  ): Promise<WebLlmResult> {
    return this.#queue.run(async () => {
      this.#options.onBusy?.(true);
      try {
        let result = await call();
        if (!result.ok && this.#loaded && LOST_MODEL_CODES.has(result.error.code)) {
          // WebLLM unloads silently after a lost device: reload, then the same job runs again
          // while the rest of the queue waits behind it.
          await this.#recover(result.error);
          result = await call();
        }
        const value = unwrap(result);
        this.#options.onUsage?.(value.usage, this.#options.modelId);
        return value;
      } finally {
        this.#options.onBusy?.(false);
      }
    }, signal);
  }

  async #recover(lost: EngineErrorData): Promise<void> {
    const { modelId } = this.#options;
    const nowMs = this.#options.nowMs ?? Date.now;
    const atMs = nowMs();
    this.#recoveries++;
    this.#loaded = false;
    const reloaded = await this.#loadNow();
    const base = { modelId, atMs, cause: lost.message };
    if (!reloaded.ok) {
      this.#tellRecovery({ ...base, recovered: false, error: reloaded.error.message });
      throw new EngineError({
        ...reloaded.error,
        code: 'device_lost',
        retryable: false,
        message: `The GPU device was lost while ${modelId} was generating, and reloading it failed: ${reloaded.error.message}`,
      });
    }
    this.#loaded = true;
    this.#tellRecovery({ ...base, recovered: true, reloadS: reloaded.value.loadTimeS });
  }

  #tellRecovery(recovery: DeviceRecovery): void {
    this.#options.onRecovery?.(recovery);
    for (const listener of this.#recoveryListeners) listener(recovery);
  }
}

function unwrap<T>(result: WorkerResult<T>): T {
  if (result.ok) return result.value;
  throw EngineError.fromData(result.error);
}
