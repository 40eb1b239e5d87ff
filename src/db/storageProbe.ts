import { isQuotaError } from './quotaError';
import type { StudioDb } from './studioDb';

const PROBE_KEY = '\u0000storage-probe';

/**
 * Whether the database takes a write right now: a tiny record is written and removed in one
 * transaction, so nothing stays behind. False while storage is full (the browser refuses any
 * transaction that adds data then); other failures are thrown.
 */
export async function canWrite(db: StudioDb): Promise<boolean> {
  try {
    await db.transaction('rw', db.requestCache, async () => {
      await db.requestCache.put({ key: PROBE_KEY, runId: '', response: null, createdAt: 0 });
      await db.requestCache.delete(PROBE_KEY);
    });
    return true;
  } catch (error) {
    if (isQuotaError(error)) return false;
    throw error;
  }
}
