/** Which models are cached and how many bytes they take, as far as the browser lets us see. */
import type { AppConfig } from '@mlc-ai/web-llm';
import type { CacheStorageLike, ModelCachePort } from './mlcEnginePort';
import { resolveModelBaseUrl } from './modelUrl';

export interface CachedModelInfo {
  modelId: string;
  cached: boolean;
  /** Bytes of weights in the Cache API store; undefined when the backend hides sizes. */
  bytes?: number;
  error?: string;
}

const MODEL_CACHE = 'webllm/model';

async function cachedBytes(baseUrl: string, caches: CacheStorageLike): Promise<number | undefined> {
  if (!(await caches.has(MODEL_CACHE))) return undefined;
  const cache = await caches.open(MODEL_CACHE);
  let total = 0;
  for (const key of await cache.keys()) {
    if (!key.url.startsWith(baseUrl)) continue;
    const res = await cache.match(key.url);
    if (!res) continue;
    const header = Number(res.headers.get('content-length'));
    total += Number.isFinite(header) && header > 0 ? header : (await res.blob()).size;
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
    const backend = appConfig.cacheBackend ?? 'cache';
    if (caches && backend === 'cache') {
      const bytes = await cachedBytes(resolveModelBaseUrl(record.model), caches);
      // Partial downloads leave bytes behind even when hasModelInCache is false.
      if (bytes !== undefined && bytes > 0) info.bytes = bytes;
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
