/**
 * Runs in headless Chromium (see ../storage.bench.ts): real IndexedDB and the studio's own code
 * for every step — an import of `n` pairs (storeImportedPairs, the app's bulk write), the
 * pipeline's per-question write (DexieRunStore.saveQuestion, one transaction per finished
 * question) on a sample for comparison, the paged export reader, the dataset browser's load and
 * the export path (datasetExportFiles → Blob, as the download fallback does).
 */
import { StudioDb } from '../../../src/db/studioDb';
import { createRun } from '../../../src/db/runRepository';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { storeImportedPairs } from '../../../src/db/importRepository';
import { packedSolution, packPairs, packQuestions, type PairText } from '../../../src/db/pairPacks';
import { readExportPairs } from '../../../src/db/exportReader';
import { loadBrowseRows } from '../../../src/db/datasetQuery';
import { datasetExportFiles } from '../../../src/services/datasetExport';
import { collectBlob } from '../../../src/services/exportFormats';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { remoteBackends } from '../../support/backends';

/** Synthetic pairs sized like generated ones, when the shared real data is absent. */
function syntheticPair(i: number): PairText {
  const a = (i * 7919) % 1000;
  const b = (i * 104729) % 997;
  const query = `A store sells ${a} pencils at $${b / 100} each. ${'How many can be bought with the remaining money after tax is applied? '.repeat(4)}`;
  const step = `We compute ${a} \\times ${b} = ${a * b}. Then we divide by the price to get the count. `;
  return { query, response: `${step.repeat(14)}The answer is \\boxed{${a * b}}.` };
}

/** `n` distinct pairs, cycling through the source pairs (numbered so no two are equal). */
function benchPairs(n: number, source: readonly PairText[]): PairText[] {
  return Array.from({ length: n }, (_, i) => {
    const base = source.length ? source[i % source.length]! : syntheticPair(i);
    return { query: `(${i}) ${base.query}`, response: base.response };
  });
}

export interface StorageFigures {
  writePairsPerS: number;
  runWritePairsPerS: number;
  runWriteSample: number;
  readPairsPerS: number;
  browseLoadS: number;
  exportJsonlS: number;
  exportParquetS: number;
  jsonlBytes: number;
  parquetBytes: number;
  meanPairChars: number;
  usageBytes: number | null;
}

async function storageBench(
  n: number,
  source: PairText[],
  options: Record<string, string> = {},
): Promise<StorageFigures> {
  const db = new StudioDb(`storage-bench-${Date.now()}`, options);
  await db.open();
  const pairs = benchPairs(n, source);
  const meanPairChars = pairs.reduce((sum, p) => sum + p.query.length + p.response.length, 0) / n;

  let t = performance.now();
  await storeImportedPairs(db, { name: 'bench', source: 'bench', pairs, appVersion: 'bench' });
  const writeS = (performance.now() - t) / 1000;

  // The pipeline's path, in a database of its own so the figures below cover exactly `n` pairs:
  // one transaction per finished question (a run's pace is set by the model, not by this).
  const runDb = new StudioDb(`storage-bench-run-${Date.now()}`, options);
  const run = await createRun(runDb, {
    name: 'bench run',
    config: defaultRunConfig({ targetPairs: n }),
    backends: remoteBackends('', 'bench'),
    appVersion: 'bench',
  });
  const sample = Math.min(n, 2000);
  const store = new DexieRunStore(runDb);
  const rows = packPairs(run.id, pairs.slice(0, sample), Date.now()).flatMap((pack) =>
    packQuestions(pack).map((q, i) => ({ q, s: packedSolution(run.id, pack.pairs[i]!) })),
  );
  t = performance.now();
  for (const { q, s } of rows) await store.saveQuestion(q, [s]);
  const runWriteS = (performance.now() - t) / 1000;
  runDb.close();
  await runDb.delete();

  t = performance.now();
  let read = 0;
  for await (const p of readExportPairs(db)) read += p.query.length > 0 ? 1 : 0;
  const readS = (performance.now() - t) / 1000;
  if (read !== n) throw new Error(`read ${read} of ${n} pairs`);

  t = performance.now();
  const browsed = await loadBrowseRows(db);
  const browseLoadS = (performance.now() - t) / 1000;
  if (browsed.length !== n) throw new Error(`browsed ${browsed.length} rows`);

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
    runWritePairsPerS: sample / runWriteS,
    runWriteSample: sample,
    readPairsPerS: n / readS,
    browseLoadS,
    exportJsonlS: jsonl.s,
    exportParquetS: parquet.s,
    jsonlBytes: jsonl.bytes,
    parquetBytes: parquet.bytes,
    meanPairChars,
    usageBytes: usage,
  };
}

(globalThis as { storageBench?: typeof storageBench }).storageBench = storageBench;
