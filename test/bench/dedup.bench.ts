/**
 * Dedup throughput and quality on synthetic GSM8K-style questions.
 *   npm run bench -- dedup [--n 1000000] [--mask-numbers] [--sample 2000]
 * Prints wall-clock and CPU-time throughput (the latter for machines shared with other jobs).
 * 1M questions need ~1.5 GB of heap for the texts; if Node's default heap is smaller, run with
 * NODE_OPTIONS=--max-old-space-size=4096.
 */
import { existsSync } from 'node:fs';
import { DedupIndex } from '../../src/core/dedup/dedupIndex';
import type { ShingleOptions } from '../../src/core/dedup/shingles';
import { shingleSet, sortedJaccard } from '../../src/core/dedup/shingles';
import { changeNumbers, dropWords, Rng, swapWords } from '../support/questionVariants';
import { sharedDataDir, sharedQuestions } from '../support/sharedData';
import { argValue } from '../support/benchArgs';

const THRESHOLD = 0.7;

/** Template clones: numbers refilled at a random rate, sometimes words swapped or dropped. */
function synthesise(templates: string[], n: number, rng: Rng) {
  const texts: string[] = new Array<string>(n);
  const family = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = rng.int(templates.length);
    let text = changeNumbers(templates[t]!, rng, rng.float());
    if (rng.float() < 0.3) text = swapWords(text, rng, 1 + rng.int(3));
    if (rng.float() < 0.2) text = dropWords(text, rng, rng.float() * 0.2);
    texts[i] = text;
    family[i] = t;
  }
  return { texts, family };
}

export default function dedupBench(args: string[]): Promise<void> {
  if (!existsSync(sharedDataDir)) {
    console.error(`dedup bench: shared data not found at ${sharedDataDir}; skipped`);
    return Promise.resolve();
  }
  const n = argValue(args, '--n', 1_000_000);
  const sample = argValue(args, '--sample', 2000);
  const maskNumbers = args.includes('--mask-numbers');
  const rng = new Rng(42);
  const { texts, family } = synthesise(sharedQuestions('gsm8k-train'), n, rng);

  const index = new DedupIndex({ threshold: THRESHOLD, maskNumbers });
  const duplicateOf = new Int32Array(n).fill(-1);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const result = index.checkAndAdd(String(i), texts[i]!);
    if (result.kind !== 'unique') duplicateOf[i] = Number(result.duplicateOf);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const memory = process.memoryUsage();

  console.log(`dedup.n=${n}`);
  console.log(`dedup.mask_numbers=${maskNumbers}`);
  console.log(`dedup.params=${index.paramsKey}`);
  console.log(`dedup.questions_per_s=${Math.round(n / seconds)}`);
  // CPU time of this process: steadier than wall time on a machine shared with other jobs.
  console.log(`dedup.cpu_questions_per_s=${Math.round(n / ((cpu.user + cpu.system) / 1e6))}`);
  console.log(`dedup.kept=${index.size}`);
  console.log(`dedup.rss_mb=${Math.round(memory.rss / 2 ** 20)}`);
  console.log(`dedup.heap_used_mb=${Math.round(memory.heapUsed / 2 ** 20)}`);
  console.log(`dedup.array_buffers_mb=${Math.round(memory.arrayBuffers / 2 ** 20)}`);
  const quality = maskNumbers
    ? undefined
    : measureQuality(texts, family, duplicateOf, sample, new Rng(7));
  if (quality) {
    console.log(`dedup.recall=${quality.recall.toFixed(4)}`);
    console.log(`dedup.precision=${quality.precision.toFixed(4)}`);
    console.log(`dedup.sample_positives=${quality.positives}`);
  }
  return Promise.resolve();
}

/**
 * Ground truth on a sample of stream positions: is there an earlier kept question (same
 * template family; other families share far less) with exact Jaccard ≥ 0.7 on the same
 * shingles? Recall = flagged among those; precision = flagged ones whose match truly is ≥ 0.7.
 */
function measureQuality(
  texts: string[],
  family: Int32Array,
  duplicateOf: Int32Array,
  sample: number,
  rng: Rng,
) {
  const shingles: ShingleOptions = { kind: 'word', n: 3, maskNumbers: false };
  const keptByFamily = new Map<number, number[]>();
  const samples = new Set<number>();
  while (samples.size < Math.min(sample, texts.length)) samples.add(rng.int(texts.length));
  let positives = 0;
  let found = 0;
  let flagged = 0;
  let correct = 0;
  for (let i = 0; i < texts.length; i++) {
    const f = family[i]!;
    if (samples.has(i)) {
      const own = shingleSet(texts[i]!, shingles);
      const kept = keptByFamily.get(f) ?? [];
      const best = Math.max(
        0,
        ...kept.map((k) => sortedJaccard(own, shingleSet(texts[k]!, shingles))),
      );
      const match = duplicateOf[i]!;
      if (best >= THRESHOLD) positives++;
      if (match >= 0) {
        flagged++;
        const truth = sortedJaccard(own, shingleSet(texts[match]!, shingles));
        if (truth >= THRESHOLD) correct++;
        if (best >= THRESHOLD && truth >= THRESHOLD) found++;
      }
    }
    if (duplicateOf[i] === -1) {
      const list = keptByFamily.get(f);
      if (list) list.push(i);
      else keptByFamily.set(f, [i]);
    }
  }
  return { recall: found / positives, precision: correct / Math.max(1, flagged), positives };
}
