import type { RunEventKind } from '../core/runs/runEvents';
import type { RunEventRow } from './rows';
import type { StudioDb } from './studioDb';

export type { RunEventKind } from '../core/runs/runEvents';

export async function recordRunEvent(
  db: StudioDb,
  runId: string,
  kind: RunEventKind,
  message = '',
  at = Date.now(),
): Promise<void> {
  await db.runEvents.add({ runId, at, kind, message });
}

/** A run's history, oldest first. */
export function listRunEvents(db: StudioDb, runId: string): Promise<RunEventRow[]> {
  return db.runEvents.where('[runId+at]').between([runId, -Infinity], [runId, Infinity]).toArray();
}
