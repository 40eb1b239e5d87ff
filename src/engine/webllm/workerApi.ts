/**
 * The API the WebLLM worker exposes over Comlink. Everything that can fail returns a
 * `WorkerResult` carrying `EngineErrorData`, because structured clone drops error classes.
 * WebLLM itself is injected (`createEngine`), so this module runs unchanged in Node tests.
 */
import type { AppConfig, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { EngineErrorData } from '../../core/ports/engineError';
import { doesNotFitMessage, toEngineErrorData } from './webLlmErrors';
import { LoadProgressTracker } from './loadProgress';
import type { LoadProgress } from './loadProgress';
import type { CacheStorageLike, MlcEnginePort, ModelCachePort } from './mlcEnginePort';
import {
  fromChatCompletion,
  fromCompletion,
  toChatParams,
  toCompletionParams,
} from './requestMapping';
import type { WebLlmChatRequest, WebLlmCompletionRequest, WebLlmResult } from './requestMapping';
import { cachedModelInfo } from './cacheInfo';
import type { CachedModelInfo } from './cacheInfo';

export type WorkerResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: EngineErrorData;
      /** Cached files may be broken: offer delete + retry. */ suggestDelete?: boolean;
    };

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
}

function fail(
  error: EngineErrorData,
  suggestDelete = false,
): { ok: false; error: EngineErrorData; suggestDelete?: boolean } {
  return suggestDelete ? { ok: false, error, suggestDelete } : { ok: false, error };
}

const BROKEN_DOWNLOAD_CODES = new Set(['bad_response', 'network', 'quota', 'unknown']);

export function createWebLlmWorkerApi(deps: WebLlmWorkerDeps) {
  const nowS = deps.nowS ?? (() => performance.now() / 1000);
  let engine: MlcEnginePort | undefined;
  let customRecords: ModelRecord[] = [];
  let loadedModel: string | undefined;
  let loadCancelled = false;

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
      // WebLLM unloads silently after a lost device; forget the model so a reload is honest.
      if (data.code === 'model_not_loaded' || data.code === 'device_lost') loadedModel = undefined;
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
    return fail(data, BROKEN_DOWNLOAD_CODES.has(data.code));
  }

  return {
    /** Custom model records (validated on the main thread) join the prebuilt list. */
    async setCustomRecords(records: ModelRecord[]): Promise<void> {
      customRecords = records.map((r) => ({ ...r }));
      await Promise.resolve();
    },

    async load(
      modelId: string,
      onProgress?: (p: LoadProgress) => void,
    ): Promise<WorkerResult<LoadInfo>> {
      const e = getEngine();
      const tracker = new LoadProgressTracker(modelId, nowS);
      const start = nowS();
      loadCancelled = false;
      loadedModel = undefined;
      e.setAppConfig(appConfig());
      e.setInitProgressCallback((r: InitProgressReport) => onProgress?.(tracker.update(r)));
      try {
        await e.reload(modelId);
      } catch (error) {
        return loadFailure(modelId, error);
      }
      // 0.2.86 resolves an aborted reload without an error.
      if (loadCancelled)
        return fail({
          code: 'aborted',
          message: `Loading ${modelId} was cancelled.`,
          retryable: false,
        });
      loadedModel = modelId;
      return { ok: true, value: { modelId, loadTimeS: nowS() - start } };
    },

    /** Cancels a download/load in progress; `unload()` aborts WebLLM's reload controller. */
    async cancelLoad(): Promise<void> {
      loadCancelled = true;
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
    async interrupt(): Promise<void> {
      engine?.interruptGenerate();
      await Promise.resolve();
    },

    async cacheStatus(modelIds: string[]): Promise<CachedModelInfo[]> {
      const config = appConfig();
      return Promise.all(
        modelIds.map((id) => cachedModelInfo(id, config, deps.cache, deps.caches)),
      );
    },

    async deleteCached(modelId: string): Promise<WorkerResult<void>> {
      try {
        if (loadedModel === modelId) await this.unload();
        await deps.cache.deleteModelAllInfoInCache(modelId, appConfig());
        return { ok: true, value: undefined };
      } catch (error) {
        return fail(toEngineErrorData(error, modelId));
      }
    },
  };
}

export type WebLlmWorkerApiObject = ReturnType<typeof createWebLlmWorkerApi>;
