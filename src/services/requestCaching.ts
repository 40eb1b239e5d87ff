import { CachingEngine } from '../engine/cachingEngine';
import type { LlmEngine } from '../core/ports/llmEngine';
import { DexieRequestCache } from '../db/requestCacheRepository';
import type { StudioDb } from '../db/studioDb';

/**
 * Wraps every engine a run uses in that run's request cache; the same engine gets the same
 * wrapper, so roles sharing an engine keep sharing it.
 */
export function requestCachingFor(db: StudioDb, runId: string): (engine: LlmEngine) => LlmEngine {
  const cache = new DexieRequestCache(db, runId);
  const wrapped = new Map<LlmEngine, LlmEngine>();
  return (engine) => {
    let w = wrapped.get(engine);
    if (!w) wrapped.set(engine, (w = new CachingEngine(engine, cache, runId)));
    return w;
  };
}
