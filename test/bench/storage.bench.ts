/**
 * IndexedDB write/read/export speed in a real browser (headless Debian Chromium):
 *   npm run bench -- storage [--n 100000] [--synthetic]
 * Serves test/bench/storagePage with Vite (dev server, no app build) and runs it in the page.
 * Pairs are real GSM8K / MATH500 / OlympiadBench text from ../shared/data (synthetic ones of
 * similar size when it is absent or with --synthetic), numbered so all `n` are distinct.
 * Goals: write ≥ 20000 pairs/s, JSONL and Parquet export of 100K pairs ≤ 5 s each.
 */
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import type { StorageFigures } from './storagePage/storageBenchPage';
import { hasSharedData, sharedPairs } from '../support/sharedData';
import { benchOrigin, launchBenchBrowser, serveOriginFrom } from '../support/benchBrowser';
import { argValue } from '../support/benchArgs';

const BENCH_HOST = 'storage-bench.test';

export default async function (args: string[]): Promise<void> {
  const n = argValue(args, '--n', 100_000);
  const real = hasSharedData && !args.includes('--synthetic');
  const source = real ? sharedPairs() : [];
  if (!hasSharedData) console.error('../shared/data is absent: using synthetic pairs');
  const root = fileURLToPath(new URL('./storagePage/', import.meta.url));
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    server: {
      host: '127.0.0.1',
      port: 0,
      fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    },
  });
  await server.listen();
  const local = server.resolvedUrls?.local[0];
  const origin = benchOrigin(BENCH_HOST, local);
  const browser = await launchBenchBrowser(origin);
  try {
    if (!local) throw new Error('vite did not report a URL');
    const page = await browser.newPage();
    await serveOriginFrom(page, origin, local);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'storageBench' in globalThis, undefined, { timeout: 60_000 });
    const figures = await page.evaluate(
      ([count, pairs, opts]) =>
        (
          globalThis as unknown as {
            storageBench: (n: number, p: typeof pairs, o: object) => Promise<StorageFigures>;
          }
        ).storageBench(count, pairs, opts),
      [n, source, JSON.parse(process.env.STORAGE_BENCH_DB ?? '{}') as object] as const,
    );
    console.log(`storage.pairs=${n}`);
    console.log(`storage.text=${real ? 'shared-data' : 'synthetic'}`);
    console.log(`storage.mean_pair_chars=${Math.round(figures.meanPairChars)}`);
    console.log(`storage.write_pairs_per_s=${Math.round(figures.writePairsPerS)}`);
    // Side by side: the pipeline's one-transaction-per-question write, on a sample.
    console.log(`storage.run_write_sample=${figures.runWriteSample}`);
    console.log(`storage.run_write_pairs_per_s=${Math.round(figures.runWritePairsPerS)}`);
    console.log(`storage.read_pairs_per_s=${Math.round(figures.readPairsPerS)}`);
    console.log(`storage.browse_load_s=${figures.browseLoadS.toFixed(2)}`);
    console.log(`storage.export_jsonl_s=${figures.exportJsonlS.toFixed(2)}`);
    console.log(`storage.export_parquet_s=${figures.exportParquetS.toFixed(2)}`);
    console.log(`storage.jsonl_mb=${(figures.jsonlBytes / 1e6).toFixed(1)}`);
    console.log(`storage.parquet_mb=${(figures.parquetBytes / 1e6).toFixed(1)}`);
    if (figures.usageBytes !== null)
      console.log(`storage.idb_usage_mb=${(figures.usageBytes / 1e6).toFixed(1)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
