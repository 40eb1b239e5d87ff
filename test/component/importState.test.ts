// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportState } from '../../src/state/importState.svelte';
import { StudioDb } from '../../src/db/studioDb';
import { PACK_SIZE } from '../../src/db/pairPacks';
import { createImportJob } from '../../src/services/importJob';
import { FULL_IMPORT_MESSAGE } from '../../src/services/storageFull';
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

function storageFlag() {
  return {
    full: false,
    markFull() {
      this.full = true;
    },
  };
}

async function readPairs(count: number, storage = storageFlag()) {
  db = new StudioDb(`import-state-${n++}`);
  await db.open();
  // The worker's job, in-process: the same object the import worker exposes.
  const job = createImportJob({ db });
  const importer = new ImportState({
    db,
    job,
    endpoint: () => ({ endpoints: [] }),
    storage,
  });
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
    const storage = storageFlag();
    const importer = await readPairs(3 * PACK_SIZE, storage);
    let packs = 0;
    db.pairPacks.hook('creating', () => {
      if (++packs === 2) throw new DOMException('quota', 'QuotaExceededError');
    });
    await importer.store();
    expect(importer.error).toBe(FULL_IMPORT_MESSAGE);
    expect(importer.message).toBeNull();
    expect([await db.runs.count(), await db.pairPacks.count(), await db.runEvents.count()]).toEqual(
      [0, 0, 0],
    );
    // Import is off while storage is full; once a write goes through, the same file can be stored.
    expect(storage.full).toBe(true);
    expect(importer.canStore).toBe(false);
    storage.full = false;
    expect(importer.canStore).toBe(true);
    packs = -1e9;
    await importer.store();
    expect(importer.message).toBe(`Stored ${3 * PACK_SIZE} pairs as the run "set" for review.`);
    expect(await db.pairPacks.count()).toBe(3);
  });

  it('reports progress while reading and storing, a percent at a time', async () => {
    db = new StudioDb(`import-state-${n++}`);
    await db.open();
    const job = createImportJob({ db });
    const seen: string[] = [];
    const record = (stage: string, fraction: number) => seen.push(`${stage} ${fraction}`);
    const read = await job.read(
      jsonl(200 * PACK_SIZE),
      'set.jsonl',
      { kind: 'pairs', pairFormat: 'auto' },
      record,
    );
    expect(read).toMatchObject({ status: 'read', report: { accepted: 200 * PACK_SIZE } });
    const stored = await job.store({ appVersion: 'test' }, record);
    expect(stored).toEqual({
      status: 'stored',
      message: 'Stored 25600 pairs as the run "set" for review.',
    });
    const reading = seen.filter((s) => s.startsWith('reading'));
    const storing = seen.filter((s) => s.startsWith('storing'));
    expect([reading[0], reading.at(-1)]).toEqual(['reading 0', 'reading 1']);
    // 200 packs in slices of 64, the short last one merged: 0, 64/200, 128/200, 1.
    expect(storing).toEqual(['storing 0', 'storing 0.32', 'storing 0.64', 'storing 1']);
  });

  it('a cancelled store is rolled back: nothing is kept, the file can be stored later', async () => {
    const importer = await readPairs(200 * PACK_SIZE);
    let packs = 0;
    db.pairPacks.hook('creating', () => {
      // Cancel as the second slice of packs is written.
      if (++packs === 100) importer.cancel();
    });
    await importer.store();
    expect(importer.message).toBe('Import cancelled: nothing was stored.');
    expect(importer.error).toBeNull();
    expect([await db.runs.count(), await db.pairPacks.count(), await db.runEvents.count()]).toEqual(
      [0, 0, 0],
    );
    expect(importer.canStore).toBe(true);
  });

  it('a cancelled read keeps no report', async () => {
    db = new StudioDb(`import-state-${n++}`);
    await db.open();
    const job = createImportJob({ db });
    const importer = new ImportState({ db, job, endpoint: () => ({ endpoints: [] }) });
    const reading = importer.read(jsonl(20_000), 'big.jsonl');
    importer.cancel();
    await reading;
    expect(importer.report).toBeNull();
    expect(importer.message).toBe('Stopped reading big.jsonl.');
    expect(importer.busy).toBe(false);
  });
});
