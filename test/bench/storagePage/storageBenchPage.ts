/**
 * Runs in headless Chromium (see ../storage.bench.ts): real IndexedDB, the studio's own pair
 * writing (DexieRunStore.saveQuestions in batched transactions), the paged export reader and the
 * export path (datasetExportFiles → Blob, as the download fallback does).
 */
import { StudioDb } from '../../../src/db/studioDb';
import { createRun } from '../../../src/db/runRepository';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { pairRecords, type PairRecords } from '../../../src/db/pairRecords';
import { readExportPairs } from '../../../src/db/exportReader';
import { datasetExportFiles } from '../../../src/services/datasetExport';
import { collectBlob } from '../../../src/services/exportFormats';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';

/** Pairs sized like real ones (~300-char questions, ~1.2K-char solutions). */
function pair(i: number) {
  const a = (i * 7919) % 1000;
  const b = (i * 104729) % 997;
  const query = `Problem ${i}: A store sells ${a} pencils at $${b / 100} each. ${'How many can be bought with the remaining money after tax is applied? '.repeat(4)}`;
  const step = `We compute ${a} \\times ${b} = ${a * b}. Then we divide by the price to get the count. `;
  return { query, response: `${step.repeat(14)}The answer is \\boxed{${a * b}}.` };
}

export interface StorageFigures {
  writePairsPerS: number;
  readPairsPerS: number;
  exportJsonlS: number;
  exportParquetS: number;
  jsonlBytes: number;
  parquetBytes: number;
  usageBytes: number | null;
}

async function storageBench(
  n: number,
  batch: number,
  options: Record<string, string> = {},
): Promise<StorageFigures> {
  const db = new StudioDb(`storage-bench-${Date.now()}`, options);
  const run = await createRun(db, {
    name: 'bench',
    config: defaultRunConfig({ targetPairs: n }),
    backend: { kind: 'remote', baseUrl: '', model: 'bench' },
    appVersion: 'bench',
  });
  const store = new DexieRunStore(db);
  const now = Date.now();
  let t = performance.now();
  for (let start = 0; start < n; start += batch) {
    const items: PairRecords[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++)
      items.push(pairRecords(run.id, i, pair(i), now, 'bench'));
    await store.saveQuestions(run.id, items);
  }
  const writeS = (performance.now() - t) / 1000;

  t = performance.now();
  let read = 0;
  for await (const p of readExportPairs(db)) read += p.query.length > 0 ? 1 : 0;
  const readS = (performance.now() - t) / 1000;
  if (read !== n) throw new Error(`read ${read} of ${n} pairs`);

  const exportSeconds = async (format: 'scalequest' | 'parquet') => {
    const start = performance.now();
    const [file] = await datasetExportFiles(db, { format });
    const blob = await collectBlob(file!);
    return { s: (performance.now() - start) / 1000, bytes: blob.size };
  };
  const jsonl = await exportSeconds('scalequest');
  const parquet = await exportSeconds('parquet');
  const usage = (await navigator.storage.estimate()).usage ?? null;
  db.close();
  await db.delete();
  return {
    writePairsPerS: n / writeS,
    readPairsPerS: n / readS,
    exportJsonlS: jsonl.s,
    exportParquetS: parquet.s,
    jsonlBytes: jsonl.bytes,
    parquetBytes: parquet.bytes,
    usageBytes: usage,
  };
}

(globalThis as { storageBench?: typeof storageBench }).storageBench = storageBench;
