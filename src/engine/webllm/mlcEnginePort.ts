/**
 * The slice of WebLLM the worker uses. WebLLM is injected here (the worker passes
 * `() => new MLCEngine()`, tests pass a scripted double), so everything above it runs in Node.
 */
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionRequestNonStreaming,
  ChatOptions,
  Completion,
  CompletionCreateParamsNonStreaming,
  InitProgressCallback,
} from '@mlc-ai/web-llm';

export interface MlcEnginePort {
  completions: { create(request: CompletionCreateParamsNonStreaming): Promise<Completion> };
  chat: {
    completions: { create(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion> };
  };
  reload(modelId: string, chatOpts?: ChatOptions): Promise<void>;
  /** Also aborts a reload in progress (0.2.86: the aborted reload resolves without error). */
  unload(): Promise<void>;
  /** Engine-wide: stops the running generation, which then finishes with reason "abort". */
  interruptGenerate(): void;
  setInitProgressCallback(callback: InitProgressCallback): void;
  setAppConfig(appConfig: AppConfig): void;
}

/** WebLLM's cache helpers; both take the same appConfig the engine loads with. */
export interface ModelCachePort {
  hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string, appConfig: AppConfig): Promise<void>;
}

/** One Cache API store, as far as the studio reads and clears it. */
export interface CacheLike {
  keys(): Promise<readonly { url: string }[]>;
  match(
    request: string,
  ): Promise<
    { headers: { get(name: string): string | null }; blob(): Promise<{ size: number }> } | undefined
  >;
  delete(request: string): Promise<boolean>;
}

/** Enough of CacheStorage to size and delete what WebLLM stored (cacheBackend "cache"). */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<CacheLike>;
}
