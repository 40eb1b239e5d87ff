/// <reference types="svelte" />
/**
 * Local-model state for the UI: capabilities, catalog, custom models, downloads, cache and the
 * loaded engine. Components bind to the getters and call the async methods; nothing else.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { GenerationUsage } from '../engine/llmEngine';
import { probeCapabilities } from '../engine/webgpu/capabilities';
import type { Capabilities, NavigatorLike } from '../engine/webgpu/capabilities';
import type { CachedModelInfo } from '../engine/webllm/cacheInfo';
import { validateCustomModel } from '../engine/webllm/customModel';
import type {
  CustomModelInput,
  CustomModelValidation,
  FetchLike,
} from '../engine/webllm/customModel';
import type { LoadProgress } from '../engine/webllm/loadProgress';
import { buildCatalog } from '../engine/webllm/modelCatalog';
import type { CatalogModel } from '../engine/webllm/modelCatalog';
import { createWorkerQueue, WebLlmEngine } from '../engine/webllm/webLlmEngine';
import type { WebLlmWorkerApiObject } from '../engine/webllm/workerApi';
import { isAbortError, EngineError } from '../engine/engineError';
import type { EngineErrorData } from '../engine/engineError';
import { InMemoryCustomModelStore } from './customModelStore';
import type { CustomModelStore, StoredCustomModel } from './customModelStore';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadedModel {
  modelId: string;
  family: ModelFamily;
}

export interface ModelError extends EngineErrorData {
  modelId?: string;
  /** Offer "delete from cache and retry" (quota, broken partial download). */
  suggestDelete: boolean;
}

export interface ModelManagerDeps {
  navigator: NavigatorLike & {
    storage?: NavigatorLike['storage'] & { persist?(): Promise<boolean> };
  };
  /** Starts (lazily) the worker; the browser passes startWebLlmWorker + asWorkerClient. */
  startWorker: () => {
    client: WebLlmWorkerApiObject;
    wrapCallback?: <F extends (...a: never[]) => unknown>(f: F) => F;
  };
  fetch: FetchLike;
  customModels?: CustomModelStore;
  /** Seconds, monotonic (live tokens/s window). */
  nowS?: () => number;
}

type WorkerHandle = ReturnType<ModelManagerDeps['startWorker']>;

const LIVE_WINDOW_S = 30;

export class ModelManager {
  #capabilities = $state<Capabilities | undefined>();
  #customModels = $state.raw<StoredCustomModel[]>([]);
  #cached = $state.raw<CachedModelInfo[]>([]);
  #progress = $state<LoadProgress | undefined>();
  #loadState = $state<LoadState>('idle');
  #loadedModelId = $state<string | undefined>();
  #error = $state<ModelError | undefined>();
  #lastUsage = $state<GenerationUsage | undefined>();
  #recent = $state.raw<{ atS: number; tokens: number }[]>([]);
  #records = $state.raw<readonly ModelRecord[]>([]);
  #catalog = $derived(buildCatalog(this.#capabilities?.shaderF16 ?? false, this.#records));

  readonly #deps: ModelManagerDeps;
  readonly #store: CustomModelStore;
  #worker: WorkerHandle | undefined;
  #queue: ReturnType<typeof createWorkerQueue> | undefined;
  #engine: WebLlmEngine | undefined;
  #loadAbort: AbortController | undefined;

  constructor(deps: ModelManagerDeps) {
    this.#deps = deps;
    this.#store = deps.customModels ?? new InMemoryCustomModelStore();
  }

  get capabilities(): Capabilities | undefined {
    return this.#capabilities;
  }
  /** Catalog with the quantization chosen for this GPU (q4f16_1 with shader-f16, else q4f32_1). */
  get catalog(): CatalogModel[] {
    return this.#catalog;
  }
  get customModels(): StoredCustomModel[] {
    return this.#customModels;
  }
  get cached(): CachedModelInfo[] {
    return this.#cached;
  }
  get progress(): LoadProgress | undefined {
    return this.#progress;
  }
  get loadState(): LoadState {
    return this.#loadState;
  }
  get loadedModelId(): string | undefined {
    return this.#loadedModelId;
  }
  get error(): ModelError | undefined {
    return this.#error;
  }
  get lastUsage(): GenerationUsage | undefined {
    return this.#lastUsage;
  }
  /** The engine for the pipeline once a model is ready. */
  get engine(): WebLlmEngine | undefined {
    return this.#loadState === 'ready' ? this.#engine : undefined;
  }
  /** Completion tokens per second over the last 30 s of finished requests. */
  get liveTokensPerS(): number {
    const tokens = this.#recent.reduce((sum, r) => sum + r.tokens, 0);
    return tokens / LIVE_WINDOW_S;
  }

  /** The ready model with the pre-query family its runs must use. */
  get loadedModel(): LoadedModel | undefined {
    const modelId = this.engine ? this.#loadedModelId : undefined;
    if (!modelId) return undefined;
    const fromCatalog = this.#catalog.find((m) => m.modelId === modelId);
    if (fromCatalog) return { modelId, family: fromCatalog.family };
    const custom = this.#customModels.find((m) => m.record.model_id === modelId);
    return custom ? { modelId, family: custom.family } : undefined;
  }

  /** Probe the browser, read stored custom models; with WebGPU, fetch the catalog and the cache. */
  async init(): Promise<void> {
    this.#capabilities = await probeCapabilities(this.#deps.navigator);
    this.#customModels = await this.#store.list();
    if (!this.#capabilities.webgpu) return;
    try {
      this.#records = await this.#ensureWorker().client.prebuiltRecords();
      await this.refreshCache();
    } catch (error) {
      const message = `The local model worker did not start: ${error instanceof Error ? error.message : String(error)}`;
      this.#error = { code: 'unknown', message, retryable: false, suggestDelete: false };
    }
  }

  async addCustomModel(input: CustomModelInput): Promise<CustomModelValidation> {
    const result = await validateCustomModel(input, this.#deps.fetch);
    if (!result.ok) return result;
    const stored: StoredCustomModel = {
      record: result.model.record,
      family: result.model.family,
      addedAt: Date.now(),
    };
    await this.#store.put(stored);
    this.#customModels = [
      ...this.#customModels.filter((m) => m.record.model_id !== stored.record.model_id),
      stored,
    ];
    await this.#syncCustomRecords();
    return result;
  }

  async removeCustomModel(modelId: string): Promise<void> {
    await this.#store.delete(modelId);
    this.#customModels = this.#customModels.filter((m) => m.record.model_id !== modelId);
    await this.#syncCustomRecords();
  }

  async load(modelId: string): Promise<void> {
    const { client, wrapCallback } = this.#ensureWorker();
    if (this.#engine && this.#loadedModelId !== modelId) await this.unload();
    this.#loadAbort = new AbortController();
    this.#error = undefined;
    this.#loadState = 'loading';
    this.#progress = undefined;
    const engine = new WebLlmEngine(client, {
      modelId,
      queue: this.#queue,
      ...(wrapCallback ? { wrapCallback } : {}),
      onUsage: (usage) => this.#recordUsage(usage),
    });
    try {
      await engine.load((p) => (this.#progress = p), this.#loadAbort.signal);
      this.#engine = engine;
      this.#loadedModelId = modelId;
      this.#loadState = 'ready';
    } catch (error) {
      this.#loadState = isAbortError(error) ? 'idle' : 'error';
      if (!isAbortError(error)) this.#error = toModelError(error, modelId);
    } finally {
      this.#loadAbort = undefined;
      await this.refreshCache();
    }
  }

  /** Cancels a download or load in progress. */
  cancelLoad(): void {
    this.#loadAbort?.abort();
  }

  async unload(): Promise<void> {
    await this.#engine?.unload();
    this.#engine = undefined;
    this.#loadedModelId = undefined;
    this.#loadState = 'idle';
  }

  async refreshCache(): Promise<void> {
    if (!this.#worker && !this.#capabilities?.webgpu) return;
    const ids = [
      ...this.#catalog.map((m) => m.modelId),
      ...this.#customModels.map((m) => m.record.model_id),
    ];
    this.#cached = await this.#ensureWorker().client.cacheStatus(ids);
  }

  async deleteCached(modelId: string): Promise<void> {
    if (this.#loadedModelId === modelId) await this.unload();
    const res = await this.#ensureWorker().client.deleteCached(modelId);
    if (!res.ok) this.#error = { ...res.error, modelId, suggestDelete: false };
    else if (this.#error?.modelId === modelId) this.#error = undefined;
    await this.refreshCache();
  }

  /** The "delete and retry" action offered after quota errors or a broken partial download. */
  async deleteAndRetry(modelId: string): Promise<void> {
    await this.deleteCached(modelId);
    await this.load(modelId);
  }

  /** Asks the browser to keep downloaded models; returns whether storage is now persistent. */
  async requestPersistentStorage(): Promise<boolean> {
    const granted = (await this.#deps.navigator.storage?.persist?.()) ?? false;
    if (this.#capabilities?.storage)
      this.#capabilities = {
        ...this.#capabilities,
        storage: { ...this.#capabilities.storage, persisted: granted },
      };
    return granted;
  }

  dismissError(): void {
    this.#error = undefined;
  }

  #ensureWorker(): WorkerHandle {
    if (!this.#worker) {
      this.#worker = this.#deps.startWorker();
      this.#queue = createWorkerQueue(this.#worker.client);
      void this.#syncCustomRecords();
    }
    return this.#worker;
  }

  async #syncCustomRecords(): Promise<void> {
    await this.#worker?.client.setCustomRecords(this.#customModels.map((m) => m.record));
  }

  #recordUsage(usage: GenerationUsage): void {
    const now = (this.#deps.nowS ?? (() => performance.now() / 1000))();
    this.#lastUsage = usage;
    this.#recent = [
      ...this.#recent.filter((r) => now - r.atS <= LIVE_WINDOW_S),
      { atS: now, tokens: usage.completionTokens },
    ];
  }
}

function toModelError(error: unknown, modelId: string): ModelError {
  const data =
    error instanceof EngineError
      ? error.toData()
      : { code: 'unknown' as const, message: String(error), retryable: false };
  const suggestDelete = ['quota', 'bad_response', 'network', 'unknown'].includes(data.code);
  return { ...data, modelId, suggestDelete };
}

export function createModelManager(deps: ModelManagerDeps): ModelManager {
  return new ModelManager(deps);
}
