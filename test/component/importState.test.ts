// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportState } from '../../src/state/importState.svelte';
import { StudioDb } from '../../src/db/studioDb';
import { PACK_SIZE } from '../../src/db/pairPacks';
import { Blob as NodeBlob } from 'node:buffer';

let db: StudioDb;
let n = 0;
afterEach(async () => {
  await db?.delete();
});

/** Node's Blob: jsdom's has no `stream()`, which the importers read files with. */
function jsonl(count: number): Blob {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ query: `Q${i}?`, response: `\\boxed{${i}}` }),
  );
  return new NodeBlob([lines.join('\n')]) as unknown as Blob;
}

async function readPairs(count: number) {
  db = new StudioDb(`import-state-${n++}`);
  await db.open();
  const importer = new ImportState({ db, endpoint: () => ({ baseUrl: '', model: '' }) });
  await importer.read(jsonl(count), 'set.jsonl');
  expect([importer.error, importer.report]).toMatchObject([null, { accepted: count }]);
  return importer;
}

describe('ImportState', () => {
  it('stores accepted pairs as a run to review', async () => {
    const importer = await readPairs(3);
    await importer.store();
    expect(importer.error).toBeNull();
    expect(importer.message).toBe('Stored 3 pairs as the run "set" for review.');
    expect((await db.runs.toArray()).map((r) => r.packed)).toEqual([
      { pairs: 3, accepted: 0, rejected: 0 },
    ]);
  });

  it('says the storage is full and stores nothing when the quota runs out mid-import', async () => {
    const importer = await readPairs(3 * PACK_SIZE);
    let packs = 0;
    db.pairPacks.hook('creating', () => {
      if (++packs === 2) throw new DOMException('quota', 'QuotaExceededError');
    });
    await importer.store();
    expect(importer.error).toMatch(/^Nothing was stored: the browser storage is full\. Free space/);
    expect(importer.message).toBeNull();
    expect([await db.runs.count(), await db.pairPacks.count(), await db.runEvents.count()]).toEqual(
      [0, 0, 0],
    );
    // The validated file is still there: after freeing space the same import can be retried.
    expect(importer.canStore).toBe(true);
  });
});
