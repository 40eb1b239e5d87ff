/**
 * What WebLLM keeps in the browser's Cache API for a model, and deleting all of it.
 *
 * WebLLM 0.2.86 stores weights, tokenizer and `tensor-cache.json` in "webllm/model", the chat
 * config in "webllm/config" and the compiled library in "webllm/wasm". Its own
 * `deleteModelAllInfoInCache` leaves `tensor-cache.json` behind (the row then stays "Partial"),
 * downloads that index again when it is missing, and deletes the `.wasm` even when another model
 * uses the same library. For the default "cache" backend the studio therefore clears the Cache
 * API itself: every entry under the model's folder URL, and the library only when no other
 * cached or custom model needs it.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import type { CacheStorageLike, ModelCachePort } from './mlcEnginePort';
import { resolveModelBaseUrl } from './modelUrl';

export interface CachedModelInfo {
  modelId: string;
  cached: boolean;
  /** Bytes of the model's own files (weights, tokenizer, config); undefined when hidden. */
  bytes?: number;
  error?: string;
}

export const MODEL_CACHE = 'webllm/model';
export const CONFIG_CACHE = 'webllm/config';
export const WASM_CACHE = 'webllm/wasm';

async function entrySize(
  cache: Awaited<ReturnType<CacheStorageLike['open']>>,
  url: string,
): Promise<number> {
  const res = await cache.match(url);
  if (!res) return 0;
  const header = Number(res.headers.get('content-length'));
  return Number.isFinite(header) && header > 0 ? header : (await res.blob()).size;
}

/** Urls in one store that belong to the model folder. */
async function entriesUnder(
  caches: CacheStorageLike,
  store: string,
  baseUrl: string,
): Promise<string[]> {
  if (!(await caches.has(store))) return [];
  const cache = await caches.open(store);
  return (await cache.keys()).map((k) => k.url).filter((url) => url.startsWith(baseUrl));
}

async function folderBytes(baseUrl: string, caches: CacheStorageLike): Promise<number> {
  let total = 0;
  for (const store of [MODEL_CACHE, CONFIG_CACHE]) {
    const urls = await entriesUnder(caches, store, baseUrl);
    if (urls.length === 0) continue;
    const cache = await caches.open(store);
    for (const url of urls) total += await entrySize(cache, url);
  }
  return total;
}

export async function cachedModelInfo(
  modelId: string,
  appConfig: AppConfig,
  cache: ModelCachePort,
  caches: CacheStorageLike | undefined,
): Promise<CachedModelInfo> {
  const record = appConfig.model_list.find((r) => r.model_id === modelId);
  if (!record) return { modelId, cached: false, error: 'Unknown model id.' };
  try {
    const cached = await cache.hasModelInCache(modelId, appConfig);
    const info: CachedModelInfo = { modelId, cached };
    if (caches && (appConfig.cacheBackend ?? 'cache') === 'cache') {
      // Partial downloads leave bytes behind even when hasModelInCache is false.
      const bytes = await folderBytes(resolveModelBaseUrl(record.model), caches);
      if (bytes > 0) info.bytes = bytes;
    }
    return info;
  } catch (error) {
    return {
      modelId,
      cached: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Whether the model's compiled library is already in the browser cache. */
export async function libraryCached(
  record: ModelRecord,
  caches: CacheStorageLike | undefined,
): Promise<boolean> {
  if (!caches || !(await caches.has(WASM_CACHE))) return false;
  const cache = await caches.open(WASM_CACHE);
  return (await cache.match(record.model_lib)) !== undefined;
}

export interface DeleteOutcome {
  /** Entries removed from the Cache API. */
  removed: number;
  /** The library stayed because these models use it too. */
  libraryKeptFor: string[];
}

/**
 * Removes every cached file of `record`. `sharers` are the other models that use the same
 * library and still need it (cached or custom): with any, the library stays.
 */
export async function deleteModelFiles(
  record: ModelRecord,
  caches: CacheStorageLike,
  sharers: string[],
): Promise<DeleteOutcome> {
  const baseUrl = resolveModelBaseUrl(record.model);
  let removed = 0;
  for (const store of [MODEL_CACHE, CONFIG_CACHE]) {
    const urls = await entriesUnder(caches, store, baseUrl);
    if (urls.length === 0) continue;
    const cache = await caches.open(store);
    for (const url of urls) if (await cache.delete(url)) removed++;
  }
  if (sharers.length === 0 && (await caches.has(WASM_CACHE))) {
    if (await (await caches.open(WASM_CACHE)).delete(record.model_lib)) removed++;
  }
  return { removed, libraryKeptFor: sharers };
}
