/// <reference types="svelte" />
/**
 * Local-model state for the UI: capabilities, catalog, custom models, downloads, cache and the
 * loaded engines. Several models may be loaded at once, each in its own WebLLM worker (a worker's
 * engine holds one model); runs give each role one of them. Components bind to the getters and
 * call the async methods; nothing else.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { GenerationUsage } from '../core/ports/llmEngine';
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

/** Types the model screens read from this manager's getters. */
export type { CachedModelInfo } from '../engine/webllm/cacheInfo';
export type { LoadPhase } from '../engine/webllm/loadProgress';
import { buildCatalog } from '../engine/webllm/modelCatalog';
import type { CatalogModel } from '../engine/webllm/modelCatalog';
import { createWorkerQueue, WebLlmEngine } from '../engine/webllm/webLlmEngine';
import type { WebLlmWorkerApiObject } from '../engine/webllm/workerApi';
import { isAbortError, EngineError } from '../core/ports/engineError';
import type { EngineErrorData } from '../core/ports/engineError';
import { InMemoryCustomModelStore } from '../engine/webllm/customModelStore';
import type { CustomModelStore, StoredCustomModel } from '../engine/webllm/customModelStore';
import { vramNotice, type ModelVram } from './vramNotice';

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
  /**
   * Starts a WebLLM worker; the browser passes startWebLlmWorker + asWorkerClient. Called lazily
   * for the first model and once more for each model loaded alongside others.
   */
  startWorker: () => {
    client: WebLlmWorkerApiObject;
    wrapCallback?: <F extends (...a: never[]) => unknown>(f: F) => F;
    /** Ends the worker (frees its GPU memory); extra workers are ended when their model unloads. */
    terminate?: () => void;
  };
  fetch: FetchLike;
  customModels?: CustomModelStore;
  /** Seconds, monotonic (live tokens/s window). */
  nowS?: () => number;
}

type WorkerHandle = ReturnType<ModelManagerDeps['startWorker']>;

/** A ready model: its engine, and the worker it lives in. */
interface LoadedSlot {
  modelId: string;
  engine: WebLlmEngine;
  worker: WorkerHandle;
}

const LIVE_WINDOW_S = 30;

export class ModelManager {
  #capabilities = $state<Capabilities | undefined>();
  #customModels = $state.raw<StoredCustomModel[]>([]);
  #cached = $state.raw<CachedModelInfo[]>([]);
  #progress = $state<LoadProgress | undefined>();
  #loadState = $state<LoadState>('idle');
  #slots = $state.raw<LoadedSlot[]>([]);
  #loadingModelId = $state<string | undefined>();
  #vramNotice = $state<string | undefined>();
  #error = $state<ModelError | undefined>();
  #lastUsage = $state<GenerationUsage | undefined>();
  #recent = $state.raw<{ atS: number; tokens: number }[]>([]);
  #records = $state.raw<readonly ModelRecord[]>([]);
  #catalog = $derived(buildCatalog(this.#capabilities?.shaderF16 ?? false, this.#records));

  readonly #deps: ModelManagerDeps;
  readonly #store: CustomModelStore;
  #worker: WorkerHandle | undefined;
  #queue: ReturnType<typeof createWorkerQueue> | undefined;
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
  /** The first ready model (the only one unless others were loaded alongside). */
  get loadedModelId(): string | undefined {
    return this.#slots[0]?.modelId;
  }
  /** The model being downloaded or loaded now. */
  get loadingModelId(): string | undefined {
    return this.#loadingModelId;
  }
  /** The GPU-memory warning of the last "load alongside" (the sum of what the models need). */
  get vramNotice(): string | undefined {
    return this.#vramNotice;
  }
  get error(): ModelError | undefined {
    return this.#error;
  }
  get lastUsage(): GenerationUsage | undefined {
    return this.#lastUsage;
  }
  /** The first ready model's engine. */
  get engine(): WebLlmEngine | undefined {
    return this.#slots[0]?.engine;
  }
  /** The engine of a ready model, for the roles a run gives it. */
  engineFor(modelId: string): WebLlmEngine | undefined {
    return this.#slots.find((s) => s.modelId === modelId)?.engine;
  }
  isLoaded(modelId: string): boolean {
    return this.#slots.some((s) => s.modelId === modelId);
  }
  /** Completion tokens per second over the last 30 s of finished requests. */
  get liveTokensPerS(): number {
    const tokens = this.#recent.reduce((sum, r) => sum + r.tokens, 0);
    return tokens / LIVE_WINDOW_S;
  }

  /** The first ready model with the pre-query family its runs must use. */
  get loadedModel(): LoadedModel | undefined {
    return this.loadedModels[0];
  }
  /** Every ready model with its pre-query family, in load order. */
  get loadedModels(): LoadedModel[] {
    return this.#slots.flatMap(({ modelId }) => {
      const family =
        this.#catalog.find((m) => m.modelId === modelId)?.family ??
        this.#customModels.find((m) => m.record.model_id === modelId)?.family;
      return family ? [{ modelId, family }] : [];
    });
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

  /** Loads a model in place of every loaded one. */
  async load(modelId: string): Promise<void> {
    const primary = this.#ensureWorker();
    this.#vramNotice = undefined;
    if (this.isLoaded(modelId) && this.#slots.length === 1) return;
    await this.unload();
    await this.#loadInto(modelId, primary);
  }

  /**
   * Loads a model beside the loaded ones, in a worker of its own, and states the GPU memory all
   * of them need together (`vramNotice`).
   */
  async loadAlongside(modelId: string): Promise<void> {
    if (this.isLoaded(modelId)) return;
    if (this.#slots.length === 0) return this.load(modelId);
    this.#vramNotice = vramNotice(
      this.#slots.map((s) => this.#vramOf(s.modelId)),
      this.#vramOf(modelId),
    );
    const primary = this.#ensureWorker();
    const worker = this.#slots.some((s) => s.worker === primary)
      ? this.#startExtraWorker()
      : primary;
    await this.#loadInto(modelId, worker);
  }

  async #loadInto(modelId: string, worker: WorkerHandle): Promise<void> {
    this.#loadAbort = new AbortController();
    this.#error = undefined;
    this.#loadState = 'loading';
    this.#loadingModelId = modelId;
    this.#progress = undefined;
    const { client, wrapCallback } = worker;
    const engine = new WebLlmEngine(client, {
      modelId,
      queue: worker === this.#worker ? this.#queue : createWorkerQueue(client),
      ...(wrapCallback ? { wrapCallback } : {}),
      onUsage: (usage) => this.#recordUsage(usage),
    });
    try {
      await engine.load((p) => (this.#progress = p), this.#loadAbort.signal);
      this.#slots = [...this.#slots, { modelId, engine, worker }];
      this.#loadState = 'ready';
    } catch (error) {
      if (worker !== this.#worker) worker.terminate?.();
      const aborted = isAbortError(error);
      this.#loadState = aborted ? (this.#slots.length ? 'ready' : 'idle') : 'error';
      if (!aborted) this.#error = toModelError(error, modelId);
    } finally {
      this.#loadAbort = undefined;
      this.#loadingModelId = undefined;
      await this.refreshCache();
    }
  }

  /** Cancels a download or load in progress. */
  cancelLoad(): void {
    this.#loadAbort?.abort();
  }

  /** Unloads one model (ending its extra worker), or every model when none is named. */
  async unload(modelId?: string): Promise<void> {
    const leaving = this.#slots.filter((s) => modelId === undefined || s.modelId === modelId);
    this.#slots = this.#slots.filter((s) => !leaving.includes(s));
    for (const slot of leaving) {
      await slot.engine.unload();
      if (slot.worker !== this.#worker) slot.worker.terminate?.();
    }
    if (this.#slots.length <= 1) this.#vramNotice = undefined;
    if (this.#loadState !== 'loading') this.#loadState = this.#slots.length ? 'ready' : 'idle';
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
    if (this.isLoaded(modelId)) await this.unload(modelId);
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

  #startExtraWorker(): WorkerHandle {
    const worker = this.#deps.startWorker();
    void worker.client.setCustomRecords(this.#customModels.map((m) => m.record));
    return worker;
  }

  async #syncCustomRecords(): Promise<void> {
    const records = this.#customModels.map((m) => m.record);
    const workers = [this.#worker, ...this.#slots.map((s) => s.worker)];
    for (const [i, worker] of workers.entries())
      if (workers.indexOf(worker) === i) await worker?.client.setCustomRecords(records);
  }

  #vramOf(modelId: string): ModelVram {
    const vramMB =
      this.#catalog.find((m) => m.modelId === modelId)?.vramMB ??
      this.#customModels.find((m) => m.record.model_id === modelId)?.record.vram_required_MB;
    return vramMB !== undefined ? { modelId, vramMB } : { modelId };
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
