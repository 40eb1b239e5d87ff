import type { ReferenceSetRow } from './rows';
import type { StudioDb } from './studioDb';

/** Imported reference sets for the contamination check, oldest first. */
export async function listReferenceSets(db: StudioDb): Promise<ReferenceSetRow[]> {
  return db.referenceSets.orderBy('createdAt').toArray();
}

export interface ReferenceSetSummary {
  id: string;
  name: string;
  source: string;
  createdAt: number;
  count: number;
}

export async function saveReferenceSet(
  db: StudioDb,
  input: { name: string; source: string; texts: string[] },
): Promise<ReferenceSetRow> {
  const row: ReferenceSetRow = {
    id: crypto.randomUUID(),
    name: input.name,
    source: input.source,
    createdAt: Date.now(),
    texts: [...input.texts],
  };
  await db.referenceSets.add(row);
  return row;
}

/** Newest first, without the texts. */
export async function listReferenceSetSummaries(db: StudioDb): Promise<ReferenceSetSummary[]> {
  const rows = await db.referenceSets.orderBy('createdAt').reverse().toArray();
  return rows.map(({ texts, ...rest }) => ({ ...rest, count: texts.length }));
}

export async function deleteReferenceSet(db: StudioDb, id: string): Promise<void> {
  await db.referenceSets.delete(id);
}
