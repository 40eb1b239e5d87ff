import type { PackedPair } from './rows';
import type { PackedTally } from '../core/runs/runRow';
import { packKey, pairIdParts } from './pairPacks';
import type { StudioDb } from './studioDb';

/** Ids of the runs whose pairs are packed. */
export async function packedRunIds(db: StudioDb): Promise<Set<string>> {
  const runs = await db.runs.toArray();
  return new Set(runs.filter((r) => r.packed).map((r) => r.id));
}

function count(tally: Pick<PackedTally, 'accepted' | 'rejected'>, pair: PackedPair, by: number) {
  if (pair.reviewStatus === 'accepted') tally.accepted += by;
  else if (pair.reviewStatus === 'rejected') tally.rejected += by;
}

/**
 * Applies `change` to the packed pairs with these ids and keeps each run's review tally in
 * step. Must run inside the caller's transaction over `runs` and `pairPacks`, so packs and
 * tallies never disagree. Returns how many of the ids were found.
 */
export async function changePackedPairs(
  db: StudioDb,
  ids: readonly string[],
  change: (pair: PackedPair) => void,
): Promise<number> {
  const byPack = new Map<string, number[]>();
  for (const id of ids) {
    const parts = pairIdParts(id);
    if (!parts) continue;
    const key = packKey(parts.runId, parts.index);
    const indexes = byPack.get(key) ?? [];
    indexes.push(parts.index);
    byPack.set(key, indexes);
  }
  const packs = (await db.pairPacks.bulkGet([...byPack.keys()])).filter((p) => p !== undefined);
  const deltas = new Map<string, { accepted: number; rejected: number }>();
  let found = 0;
  for (const pack of packs) {
    const delta = deltas.get(pack.runId) ?? { accepted: 0, rejected: 0 };
    deltas.set(pack.runId, delta);
    for (const index of byPack.get(pack.id)!) {
      const pair = pack.pairs[index - pack.first];
      if (pair?.index !== index) continue;
      count(delta, pair, -1);
      change(pair);
      count(delta, pair, 1);
      found++;
    }
  }
  await db.pairPacks.bulkPut(packs);
  for (const [runId, delta] of deltas) {
    const run = await db.runs.get(runId);
    if (!run?.packed) continue;
    await db.runs.update(runId, {
      packed: {
        pairs: run.packed.pairs,
        accepted: run.packed.accepted + delta.accepted,
        rejected: run.packed.rejected + delta.rejected,
      },
    });
  }
  return found;
}
