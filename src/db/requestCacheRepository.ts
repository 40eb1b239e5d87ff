import type { GenerationResult } from '../core/ports/llmEngine';
import type { RequestCache } from '../core/ports/requestCache';
import type { StudioDb } from './studioDb';

/** One run's cached engine responses in the `requestCache` table. */
export class DexieRequestCache implements RequestCache {
  readonly #db: StudioDb;
  readonly #runId: string;

  constructor(db: StudioDb, runId: string) {
    this.#db = db;
    this.#runId = runId;
  }

  async get(key: string): Promise<GenerationResult | undefined> {
    const row = await this.#db.requestCache.get(key);
    return row?.runId === this.#runId ? (row.response as GenerationResult) : undefined;
  }

  async put(key: string, result: GenerationResult): Promise<void> {
    await this.#db.requestCache.put({
      key,
      runId: this.#runId,
      response: result,
      createdAt: Date.now(),
    });
  }
}

/** Drops a run's cache (it only serves resuming, so a finished run no longer needs it). */
export async function clearRunCache(db: StudioDb, runId: string): Promise<void> {
  await db.requestCache.where('runId').equals(runId).delete();
}
