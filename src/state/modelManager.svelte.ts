/// <reference types="svelte" />
/**
 * Local-model state for the UI: capabilities, catalog, custom models, downloads, cache and the
 * loaded engines. Several models may be loaded at once, each in its own WebLLM worker (a worker's
 * engine holds one model); runs give each role one of them. Components bind to the getters and
 * call the async methods; nothing else.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { DerivedProfile } from '../core/prompts/profileFromChatConfig';
import type { GenerationUsage } from '../core/ports/llmEngine';
import { probeCapabilities } from '../engine/webgpu/capabilities';
import type { Capabilities, NavigatorLike } from '../engine/webgpu/capabilities';
import type { CachedModelInfo } from '../engine/webllm/cacheInfo';
import { validateCustomModel } from '../engine/webllm/customModel';
import type { CustomModelInput, CustomModelValidation } from '../engine/webllm/customModel';
import { diagnoseLoadFailure, libraryProblem } from '../engine/webllm/loadDiagnosis';
import type { LoadProgress } from '../engine/webllm/loadProgress';

/** Types the model screens read from this manager's getters. */
export type { CachedModelInfo } from '../engine/webllm/cacheInfo';
export type { LoadPhase } from '../engine/webllm/loadProgress';
import { buildCatalog } from '../engine/webllm/modelCatalog';
import type { CatalogModel } from '../engine/webllm/modelCatalog';
import type { FetchLike } from '../engine/webllm/urlCheck';
import { createWorkerQueue, WebLlmEngine } from '../engine/webllm/webLlmEngine';
import type { DeviceRecovery } from '../engine/webllm/webLlmEngine';
import type { LoadInfo, WebLlmWorkerApiObject } from '../engine/webllm/workerApi';
import { isAbortError, EngineError } from '../core/ports/engineError';
import type { EngineErrorData } from '../core/ports/engineError';
import { InMemoryCustomModelStore } from '../engine/webllm/customModelStore';
import type { CustomModelStore, StoredCustomModel } from '../engine/webllm/customModelStore';
import { addUsage, liveRate, type ModelUsage } from './modelStats';
import { vramNotice, type ModelVram } from './vramNotice';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadedModel {
  modelId: string;
  family: ModelFamily;
  /** A custom model's pre-query profile read from its own mlc-chat-config.json. */
  profile?: DerivedProfile;
}

export interface ModelError extends EngineErrorData {
  modelId?: string;
  /** Offer "delete from cache and retry" (quota, broken partial download). */
  suggestDelete: boolean;
}

/** What the statistics line shows for one loaded model. */
export interface ModelStatsView {
  modelId: string;
  last?: GenerationUsage;
  /** Completion tokens/s over the last 30 s; null when nothing finished in that time. */
  liveTokensPerS: number | null;
  /** A request is on the GPU right now. */
  busy: boolean;
  requests: number;
  load?: LoadInfo;
  recovery?: DeviceRecovery;
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
  /** The page's storage figures (one source for Models and Settings), refreshed after changes. */
  storage?: { refresh(): Promise<void> };
  /** Seconds, monotonic (live tokens/s window). */
  nowS?: () => number;
  /**
   * How long a cancelled load may keep running (shader compilation cannot be interrupted)
   * before its worker is ended; default 3 s.
   */
  cancelGraceMs?: number;
}

type WorkerHandle = ReturnType<ModelManagerDeps['startWorker']>;

/** A ready model: its engine, and the worker it lives in. */
interface LoadedSlot {
  modelId: string;
  engine: WebLlmEngine;
  worker: WorkerHandle;
}

const DEFAULT_CANCEL_GRACE_MS = 3000;

export class ModelManager {
  #capabilities = $state<Capabilities | undefined>();
  #customModels = $state.raw<StoredCustomModel[]>([]);
  #cached = $state.raw<CachedModelInfo[]>([]);
  #progress = $state.raw<LoadProgress | undefined>();
  #loadState = $state<LoadState>('idle');
  #slots = $state.raw<LoadedSlot[]>([]);
  #loadingModelId = $state<string | undefined>();
  #cancelling = $state(false);
  #notice = $state<string | undefined>();
  #vramNotice = $state<string | undefined>();
  #error = $state<ModelError | undefined>();
  #usage = $state.raw<Readonly<Record<string, ModelUsage>>>({});
  #loadInfo = $state.raw<Readonly<Record<string, LoadInfo>>>({});
  #recoveries = $state.raw<Readonly<Record<string, DeviceRecovery>>>({});
  /** Models with a request on the GPU now. */
  #busy = $state.raw<readonly string[]>([]);
  /** Ticks once a second while a live rate is shown, so it decays to "idle" on screen. */
  #clock = $state(0);
  #records = $state.raw<readonly ModelRecord[]>([]);
  #catalog = $derived(buildCatalog(this.#capabilities?.shaderF16 ?? false, this.#records));

  readonly #deps: ModelManagerDeps;
  readonly #store: CustomModelStore;
  #worker: WorkerHandle | undefined;
  #queue: ReturnType<typeof createWorkerQueue> | undefined;
  #loadAbort: AbortController | undefined;
  #loading: { modelId: string; done: Promise<void> } | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  /** Workers ended by a cancel (never ended twice). */
  readonly #ended = new WeakSet<WorkerHandle>();

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
  /** A cancel was asked for and the load has not let go yet. */
  get cancelling(): boolean {
    return this.#cancelling;
  }
  /** What happened last that is not an error (e.g. "Loading … was cancelled."). */
  get notice(): string | undefined {
    return this.#notice;
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
  /** Completion tokens per second of one model over the last 30 s; null when idle. */
  liveTokensPerS(modelId: string): number | null {
    void this.#clock;
    return liveRate(this.#usage[modelId], this.#now());
  }
  /** Statistics of every loaded model, in load order; each belongs to its own model. */
  get stats(): ModelStatsView[] {
    void this.#clock;
    const now = this.#now();
    return this.#slots.map(({ modelId }) => {
      const usage = this.#usage[modelId];
      const view: ModelStatsView = {
        modelId,
        liveTokensPerS: liveRate(usage, now),
        busy: this.#busy.includes(modelId),
        requests: usage?.requests ?? 0,
      };
      if (usage) view.last = usage.last;
      const load = this.#loadInfo[modelId];
      if (load) view.load = load;
      const recovery = this.#recoveries[modelId];
      if (recovery) view.recovery = recovery;
      return view;
    });
  }
  /** How the last load of this model went, phase by phase. */
  loadInfo(modelId: string): LoadInfo | undefined {
    return this.#loadInfo[modelId];
  }
  /** The catalog or custom record of a model (URLs, library). */
  recordOf(modelId: string): ModelRecord | undefined {
    return (
      this.#catalog.find((m) => m.modelId === modelId)?.record ??
      this.#customModels.find((m) => m.record.model_id === modelId)?.record
    );
  }

  /** The first ready model with the pre-query family its runs must use. */
  get loadedModel(): LoadedModel | undefined {
    return this.loadedModels[0];
  }
  /** Every ready model with its pre-query family (and a custom model's own profile), in load order. */
  get loadedModels(): LoadedModel[] {
    return this.#slots.flatMap(({ modelId }) => {
      const custom = this.#customModels.find((m) => m.record.model_id === modelId);
      const family = this.#catalog.find((m) => m.modelId === modelId)?.family ?? custom?.family;
      if (!family) return [];
      return [custom?.profile ? { modelId, family, profile: custom.profile } : { modelId, family }];
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
    if (result.model.profile.source === 'config') stored.profile = result.model.profile;
    await this.#store.put(stored);
    this.#customModels = [
      ...this.#customModels.filter((m) => m.record.model_id !== stored.record.model_id),
      stored,
    ];
    await this.#syncCustomRecords();
    await this.refreshCache();
    return result;
  }

  async removeCustomModel(modelId: string): Promise<void> {
    await this.#store.delete(modelId);
    this.#customModels = this.#customModels.filter((m) => m.record.model_id !== modelId);
    await this.#syncCustomRecords();
  }

  /** Loads a model in place of every loaded one. */
  load(modelId: string): Promise<void> {
    return this.#track(modelId, async () => {
      this.#ensureWorker();
      this.#vramNotice = undefined;
      if (this.isLoaded(modelId) && this.#slots.length === 1) return;
      await this.unload();
      await this.#loadInto(modelId, this.#ensureWorker());
    });
  }

  /**
   * Loads a model beside the loaded ones, in a worker of its own, and states the GPU memory all
   * of them need together (`vramNotice`).
   */
  loadAlongside(modelId: string): Promise<void> {
    if (this.isLoaded(modelId)) return Promise.resolve();
    if (this.#slots.length === 0) return this.load(modelId);
    return this.#track(modelId, async () => {
      this.#vramNotice = vramNotice(
        this.#slots.map((s) => this.#vramOf(s.modelId)),
        this.#vramOf(modelId),
      );
      const primary = this.#ensureWorker();
      const worker = this.#slots.some((s) => s.worker === primary)
        ? this.#startExtraWorker()
        : primary;
      await this.#loadInto(modelId, worker);
    });
  }

  /**
   * Resolves once the model is loaded: at once when it is, after the load under way when it is
   * that model's, else after loading it beside the others. False when it did not load.
   */
  async ensureLoaded(modelId: string): Promise<boolean> {
    if (this.isLoaded(modelId)) return true;
    const pending = this.#loading;
    if (pending?.modelId === modelId) await pending.done;
    else {
      if (pending) await pending.done;
      if (!this.isLoaded(modelId)) await this.loadAlongside(modelId);
    }
    return this.isLoaded(modelId);
  }

  /** Remembers the load under way from the moment it is asked for. */
  #track(modelId: string, run: () => Promise<void>): Promise<void> {
    const done: Promise<void> = run().finally(() => {
      if (this.#loading?.done === done) this.#loading = undefined;
    });
    this.#loading = { modelId, done };
    return done;
  }

  async #loadInto(modelId: string, worker: WorkerHandle): Promise<void> {
    const abort = (this.#loadAbort = new AbortController());
    this.#error = undefined;
    this.#notice = undefined;
    this.#loadState = 'loading';
    this.#loadingModelId = modelId;
    this.#progress = undefined;
    let checked: EngineErrorData | undefined;
    try {
      checked = await this.#libraryProblem(modelId, worker);
      if (abort.signal.aborted) throw abortError(modelId);
      if (checked) throw new EngineError(checked);
      const { client, wrapCallback } = worker;
      const engine = new WebLlmEngine(client, {
        modelId,
        queue: worker === this.#worker ? this.#queue : createWorkerQueue(client),
        ...(wrapCallback ? { wrapCallback } : {}),
        onUsage: (usage) => this.#recordUsage(modelId, usage),
        onBusy: (busy) => this.#setBusy(modelId, busy),
        onRecovery: (recovery) => this.#afterDeviceLoss(recovery),
      });
      // Returning nothing matters: the callback crosses the Comlink boundary.
      const onProgress = (p: LoadProgress): void => {
        this.#progress = p;
      };
      const info = await this.#untilCancelled(engine.load(onProgress, abort.signal), abort, worker);
      this.#loadInfo = { ...this.#loadInfo, [modelId]: info };
      this.#slots = [...this.#slots, { modelId, engine, worker }];
      this.#loadState = 'ready';
    } catch (error) {
      if (worker !== this.#worker && !this.#ended.has(worker)) worker.terminate?.();
      const aborted = isAbortError(error);
      this.#loadState = aborted ? (this.#slots.length ? 'ready' : 'idle') : 'error';
      if (aborted)
        this.#notice = error instanceof Error ? error.message : `Loading ${modelId} was cancelled.`;
      else if (checked) this.#error = { ...checked, modelId, suggestDelete: false };
      else this.#error = await this.#toModelError(error, modelId);
    } finally {
      this.#loadAbort = undefined;
      this.#loadingModelId = undefined;
      this.#cancelling = false;
      this.#progress = undefined;
      await this.refreshCache().catch(() => undefined);
      await this.#deps.storage?.refresh().catch(() => undefined);
    }
  }

  /**
   * The load, raced against a cancel that does not come back: a worker busy compiling shaders
   * cannot be interrupted, so after the grace period it is ended (freeing its GPU memory).
   */
  #untilCancelled(
    load: Promise<LoadInfo>,
    abort: AbortController,
    worker: WorkerHandle,
  ): Promise<LoadInfo> {
    const terminate = worker.terminate;
    if (!terminate) return load;
    return new Promise<LoadInfo>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        timer = setTimeout(() => {
          terminate();
          this.#ended.add(worker);
          if (worker === this.#worker) {
            this.#worker = undefined;
            this.#queue = undefined;
          }
          reject(
            new EngineError({
              code: 'aborted',
              message: `Loading ${this.#loadingModelId ?? 'the model'} was cancelled; its worker was stopped because shader compilation cannot be interrupted.`,
              retryable: false,
            }),
          );
        }, this.#deps.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
      };
      abort.signal.addEventListener('abort', onAbort, { once: true });
      load.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', onAbort);
      });
    });
  }

  /** The library check before a load: custom models always, others until their .wasm is cached. */
  async #libraryProblem(
    modelId: string,
    worker: WorkerHandle,
  ): Promise<EngineErrorData | undefined> {
    const record = this.recordOf(modelId);
    if (!record) return undefined;
    const custom = this.#customModels.some((m) => m.record.model_id === modelId);
    if (!custom && (await worker.client.libraryCached(modelId).catch(() => false)))
      return undefined;
    return libraryProblem(record, this.#deps.fetch);
  }

  /** Cancels a download or load in progress. */
  cancelLoad(): void {
    if (!this.#loadAbort) return;
    this.#cancelling = true;
    this.#loadAbort.abort();
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

  /** Deletes every file of the model; the storage figures and the row update at once. */
  async deleteCached(modelId: string): Promise<void> {
    if (this.isLoaded(modelId)) await this.unload(modelId);
    const res = await this.#ensureWorker().client.deleteCached(modelId);
    if (!res.ok) this.#error = { ...res.error, modelId, suggestDelete: false };
    else {
      if (this.#error?.modelId === modelId) this.#error = undefined;
      const kept = res.value.libraryKeptFor;
      this.#notice = kept.length
        ? `Deleted ${modelId}. Its model library stays: ${kept.join(', ')} use${kept.length === 1 ? 's' : ''} it too.`
        : `Deleted ${modelId}.`;
    }
    await this.refreshCache();
    await this.#deps.storage?.refresh().catch(() => undefined);
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
    await this.#deps.storage?.refresh().catch(() => undefined);
    return granted;
  }

  dismissError(): void {
    this.#error = undefined;
  }

  dismissNotice(): void {
    this.#notice = undefined;
  }

  /** Stops the once-a-second clock (tests, page teardown). */
  dispose(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
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

  #now(): number {
    return (this.#deps.nowS ?? (() => performance.now() / 1000))();
  }

  /**
   * A lost GPU device: when the reload worked the model's statistics say so; when it failed the
   * model is no longer loaded, and the page says that instead of showing it as ready.
   */
  #afterDeviceLoss(recovery: DeviceRecovery): void {
    const { modelId } = recovery;
    this.#recoveries = { ...this.#recoveries, [modelId]: recovery };
    if (recovery.recovered) return;
    const leaving = this.#slots.filter((s) => s.modelId === modelId);
    this.#slots = this.#slots.filter((s) => s.modelId !== modelId);
    for (const slot of leaving) if (slot.worker !== this.#worker) slot.worker.terminate?.();
    if (this.#loadState !== 'loading') this.#loadState = this.#slots.length ? 'ready' : 'idle';
    this.#error = {
      code: 'device_lost',
      retryable: false,
      message: `The GPU device was lost while ${modelId} was generating, and reloading it failed: ${recovery.error ?? 'unknown error'} ${modelId} is not loaded now: load it again (or a smaller model); a run that used it waits as interrupted until then.`,
      modelId,
      suggestDelete: false,
    };
  }

  #recordUsage(modelId: string, usage: GenerationUsage): void {
    const next = addUsage(this.#usage[modelId], usage, this.#now());
    this.#usage = { ...this.#usage, [modelId]: next };
    this.#startClock();
  }

  #setBusy(modelId: string, busy: boolean): void {
    const others = this.#busy.filter((id) => id !== modelId);
    this.#busy = busy ? [...others, modelId] : others;
  }

  /** Keeps live rates moving on screen while any is shown; stops once all are idle. */
  #startClock(): void {
    if (this.#ticker || typeof setInterval === 'undefined') return;
    this.#ticker = setInterval(() => {
      this.#clock++;
      const now = this.#now();
      if (Object.values(this.#usage).every((u) => liveRate(u, now) === null)) this.dispose();
    }, 1000);
  }

  async #toModelError(error: unknown, modelId: string): Promise<ModelError> {
    const data =
      error instanceof EngineError
        ? error.toData()
        : { code: 'unknown' as const, message: String(error), retryable: false };
    const record = this.recordOf(modelId);
    const explained = record ? await diagnoseLoadFailure(record, data, this.#deps.fetch) : data;
    const suggestDelete =
      explained === data && ['quota', 'bad_response', 'network', 'unknown'].includes(data.code);
    return { ...explained, modelId, suggestDelete };
  }
}

function abortError(modelId: string): EngineError {
  return new EngineError({
    code: 'aborted',
    message: `Loading ${modelId} was cancelled.`,
    retryable: false,
  });
}

export function createModelManager(deps: ModelManagerDeps): ModelManager {
  return new ModelManager(deps);
}
