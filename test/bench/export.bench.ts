/**
 * Export writer speed on synthetic pairs (Node; the browser `storage` bench comes later).
 *   npm run bench -- export [--n 100000]
 * Output is discarded chunk by chunk, as a file sink would, so peak RSS reflects the writers.
 */
import { writeJsonl } from '../../src/core/export/jsonlExport';
import type { ExportPair } from '../../src/core/export/exportPair';
import { writeParquet } from '../../src/core/export/parquetExport';
import { argValue } from '../support/benchArgs';

/** Pairs made on the fly, sized like real ones (~300-char questions, ~1.2K-char solutions). */
function* syntheticPairs(n: number): Generator<ExportPair> {
  for (let i = 0; i < n; i++) {
    const a = (i * 7919) % 1000;
    const b = (i * 104729) % 997;
    const query = `Problem ${i}: A store sells ${a} pencils at $${b / 100} each. ${'How many can be bought with the remaining money after tax is applied? '.repeat(4)}`;
    const step = `We compute ${a} \\times ${b} = ${a * b}. Then we divide by the price to get the count. `;
    yield {
      query,
      response: `${step.repeat(14)}The answer is \\boxed{${a * b}}.`,
      runId: `run-${i % 3}`,
      agreement: (i % 4) / 4,
      majorityAnswer: String(a * b),
    };
  }
}

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

async function drain(chunks: AsyncIterable<string | Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const c of chunks) {
    bytes += typeof c === 'string' ? Buffer.byteLength(c) : c.length;
    sampleRss();
  }
  return bytes;
}

export default async function exportBench(args: string[]): Promise<void> {
  const n = argValue(args, '--n', 100_000);
  const baseRss = process.memoryUsage().rss;
  const timer = setInterval(sampleRss, 20);
  try {
    let start = performance.now();
    const jsonlBytes = await drain(writeJsonl(syntheticPairs(n)));
    const jsonlS = (performance.now() - start) / 1000;
    start = performance.now();
    const parquetBytes = await drain(
      writeParquet(syntheticPairs(n), {
        metadataColumns: ['run_id', 'agreement', 'majority_answer'],
      }),
    );
    const parquetS = (performance.now() - start) / 1000;
    console.log(`export.pairs=${n}`);
    console.log(`export.jsonl_s=${jsonlS.toFixed(3)}`);
    console.log(`export.jsonl_bytes=${jsonlBytes}`);
    console.log(`export.parquet_s=${parquetS.toFixed(3)}`);
    console.log(`export.parquet_bytes=${parquetBytes}`);
    console.log(`export.base_rss_mb=${(baseRss / (1 << 20)).toFixed(1)}`);
    console.log(`export.peak_rss_mb=${(peakRss / (1 << 20)).toFixed(1)}`);
  } finally {
    clearInterval(timer);
  }
}
