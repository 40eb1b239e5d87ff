import type { ReferenceSetRow } from './rows';
import type { StudioDb } from './studioDb';

/** Imported reference sets for the contamination check, oldest first. */
export async function listReferenceSets(db: StudioDb): Promise<ReferenceSetRow[]> {
  return db.referenceSets.orderBy('createdAt').toArray();
}

export async function putReferenceSet(db: StudioDb, row: ReferenceSetRow): Promise<void> {
  await db.referenceSets.put(row);
}

export async function deleteReferenceSet(db: StudioDb, id: string): Promise<void> {
  await db.referenceSets.delete(id);
}
