/**
 * The API the WebLLM worker exposes over Comlink. Everything that can fail returns a
 * `WorkerResult` carrying `EngineErrorData`, because structured clone drops error classes.
 * WebLLM itself is injected (`createEngine`), so this module runs unchanged in Node tests.
 */
import type { AppConfig, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { EngineErrorData } from '../../core/ports/engineError';
import { doesNotFitMessage, toEngineErrorData } from './webLlmErrors';
import { LoadProgressTracker } from './loadProgress';
import type { LoadPhase, LoadProgress, PhaseTime } from './loadProgress';
import type { CacheStorageLike, MlcEnginePort, ModelCachePort } from './mlcEnginePort';
import {
  fromChatCompletion,
  fromCompletion,
  toChatParams,
  toCompletionParams,
} from './requestMapping';
import type { WebLlmChatRequest, WebLlmCompletionRequest, WebLlmResult } from './requestMapping';
import { cachedModelInfo, deleteModelFiles, libraryCached } from './cacheInfo';
import type { CachedModelInfo, DeleteOutcome } from './cacheInfo';

export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: EngineErrorData };

export interface WebLlmWorkerDeps {
  createEngine: () => MlcEnginePort;
  cache: ModelCachePort;
  /** Base records (normally `prebuiltAppConfig`); custom records are added with `setCustomRecords`. */
  appConfig: AppConfig;
  caches?: CacheStorageLike;
  /** Seconds, monotonic. */
  nowS?: () => number;
}

export interface LoadInfo {
  modelId: string;
  loadTimeS: number;
  /** Seconds per phase (download, cache read, shader compilation), in order. */
  phases: PhaseTime[];
}

/** The load under way, so a cancel reaches it whatever phase it is in. */
interface LoadJob {
  modelId: string;
  cancelled: boolean;
  tracker: LoadProgressTracker;
}

// Whether broken cached files call for delete + retry is the page's call (ModelManager), made
// after it diagnosed the failure; the worker only reports what failed.
function fail(error: EngineErrorData): { ok: false; error: EngineErrorData } {
  return { ok: false, error };
}

const UNINTERRUPTIBLE: readonly LoadPhase[] = ['shader', 'done', 'other'];

/**
 * A progress callback from the page is a Comlink proxy: calling it returns a promise that
 * rejects when the page's function returned something that cannot be cloned. Progress is
 * advisory, so nothing may come back and nothing may surface as an unhandled rejection here.
 */
function tell(onProgress: ((p: LoadProgress) => void) | undefined, progress: LoadProgress): void {
  try {
    const returned: unknown = onProgress?.(progress);
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // The page went away; the load itself goes on.
  }
}

/** Ends a cancelled load with nothing on the GPU, and says which phase it stopped in. */
async function cancelled(
  job: LoadJob,
  engine: MlcEnginePort,
): Promise<{ ok: false; error: EngineErrorData }> {
  await engine.unload().catch(() => undefined);
  const phase = job.tracker.phase;
  const late =
    phase && UNINTERRUPTIBLE.includes(phase)
      ? ' Shader compilation cannot be interrupted, so the model was unloaded as soon as it finished.'
      : '';
  return fail({
    code: 'aborted',
    message: `Loading ${job.modelId} was cancelled.${late}`,
    retryable: false,
  });
}

export function createWebLlmWorkerApi(deps: WebLlmWorkerDeps) {
  const nowS = deps.nowS ?? (() => performance.now() / 1000);
  let engine: MlcEnginePort | undefined;
  let customRecords: ModelRecord[] = [];
  let loadedModel: string | undefined;
  let loading: LoadJob | undefined;

  const appConfig = (): AppConfig => ({
    ...deps.appConfig,
    model_list: [...deps.appConfig.model_list, ...customRecords],
  });
  const getEngine = (): MlcEnginePort => (engine ??= deps.createEngine());
  const recordOf = (id: string) => appConfig().model_list.find((r) => r.model_id === id);

  async function generate(
    run: (e: MlcEnginePort) => Promise<WebLlmResult>,
  ): Promise<WorkerResult<WebLlmResult>> {
    try {
      return { ok: true, value: await run(getEngine()) };
    } catch (error) {
      const data = toEngineErrorData(error, loadedModel);
      if ((data.code === 'model_not_loaded' || data.code === 'device_lost') && loadedModel) {
        // WebLLM unloads silently after a lost device; forget the model so a reload is honest.
        // Its own unload may still be disposing pipelines on the dead device (and can fail
        // there), so the reload gets a fresh engine that never saw that device.
        loadedModel = undefined;
        engine = undefined;
      }
      return fail(data);
    }
  }

  function loadFailure(modelId: string, error: unknown): WorkerResult<LoadInfo> {
    const data = toEngineErrorData(error, modelId);
    if (data.code === 'device_lost' || data.code === 'out_of_memory') {
      // WebLLM allocates up front, so a device lost during reload means the model did not fit.
      const message = doesNotFitMessage(modelId, recordOf(modelId)?.vram_required_MB);
      return fail({ code: 'out_of_memory', message, retryable: false });
    }
    return fail(data);
  }

  return {
    /** Custom model records (validated on the main thread) join the prebuilt list. */
    setCustomRecords(records: ModelRecord[]): Promise<void> {
      customRecords = records.map((r) => ({ ...r }));
      return Promise.resolve();
    },

    async load(
      modelId: string,
      onProgress?: (p: LoadProgress) => void,
    ): Promise<WorkerResult<LoadInfo>> {
      const e = getEngine();
      const job: LoadJob = {
        modelId,
        cancelled: false,
        tracker: new LoadProgressTracker(modelId, nowS),
      };
      const start = nowS();
      loading = job;
      loadedModel = undefined;
      e.setAppConfig(appConfig());
      e.setInitProgressCallback((r: InitProgressReport) => tell(onProgress, job.tracker.update(r)));
      try {
        await e.reload(modelId);
      } catch (error) {
        // An aborted download rejects with whatever unload() aborted it with.
        if (job.cancelled) return cancelled(job, e);
        return loadFailure(modelId, error);
      } finally {
        if (loading === job) loading = undefined;
      }
      // 0.2.86 resolves an aborted reload without an error, and shader compilation cannot be
      // interrupted at all: a load cancelled then still ends with the model on the GPU.
      if (job.cancelled) return cancelled(job, e);
      loadedModel = modelId;
      const value = { modelId, loadTimeS: nowS() - start, phases: job.tracker.phaseTimes() };
      return { ok: true, value };
    },

    /** Cancels the load of `modelId` under way: unload() aborts WebLLM's download where it can. */
    async cancelLoad(modelId: string): Promise<void> {
      if (loading?.modelId !== modelId) return;
      loading.cancelled = true;
      await engine?.unload();
    },

    async unload(): Promise<void> {
      loadedModel = undefined;
      await engine?.unload();
    },

    /** WebLLM's prebuilt records, for the page's catalog (the page never imports WebLLM). */
    async prebuiltRecords(): Promise<ModelRecord[]> {
      return Promise.resolve(deps.appConfig.model_list);
    },

    async loadedModelId(): Promise<string | undefined> {
      return Promise.resolve(loadedModel);
    },

    async complete(request: WebLlmCompletionRequest): Promise<WorkerResult<WebLlmResult>> {
      const start = nowS();
      return generate(async (e) =>
        fromCompletion(await e.completions.create(toCompletionParams(request)), nowS() - start),
      );
    },

    async chat(request: WebLlmChatRequest): Promise<WorkerResult<WebLlmResult>> {
      const start = nowS();
      return generate(async (e) =>
        fromChatCompletion(await e.chat.completions.create(toChatParams(request)), nowS() - start),
      );
    },

    /** Stops the running generation only; queued work is the studio queue's business. */
    interrupt(): Promise<void> {
      engine?.interruptGenerate();
      return Promise.resolve();
    },

    async cacheStatus(modelIds: string[]): Promise<CachedModelInfo[]> {
      const config = appConfig();
      return Promise.all(
        modelIds.map((id) => cachedModelInfo(id, config, deps.cache, deps.caches)),
      );
    },

    /** Whether the model's .wasm library is cached (then loading needs no library download). */
    async libraryCached(modelId: string): Promise<boolean> {
      const record = recordOf(modelId);
      return record ? libraryCached(record, deps.caches) : false;
    },

    /**
     * Deletes every cached file of the model. Its library stays when another model that is
     * cached, or added by URL, uses the same .wasm.
     */
    async deleteCached(modelId: string): Promise<WorkerResult<DeleteOutcome>> {
      try {
        if (loadedModel === modelId) await this.unload();
        const config = appConfig();
        const record = recordOf(modelId);
        if (!record)
          return fail({
            code: 'model_not_found',
            message: `Unknown model ${modelId}.`,
            retryable: false,
          });
        if (!deps.caches || (config.cacheBackend ?? 'cache') !== 'cache') {
          await deps.cache.deleteModelAllInfoInCache(modelId, config);
          return { ok: true, value: { removed: 0, libraryKeptFor: [] } };
        }
        const sharers: string[] = [];
        for (const other of config.model_list) {
          if (other.model_id === modelId || other.model_lib !== record.model_lib) continue;
          const custom = customRecords.some((r) => r.model_id === other.model_id);
          if (custom || (await deps.cache.hasModelInCache(other.model_id, config)))
            sharers.push(other.model_id);
        }
        return { ok: true, value: await deleteModelFiles(record, deps.caches, sharers) };
      } catch (error) {
        return fail(toEngineErrorData(error, modelId));
      }
    },
  };
}

export type WebLlmWorkerApiObject = ReturnType<typeof createWebLlmWorkerApi>;
