import { describe, expect, it } from 'vitest';
import { DedupIndex } from '../../../src/core/dedup/dedupIndex';
import type { ShingleOptions } from '../../../src/core/dedup/shingles';
import { shingleSet, sortedJaccard } from '../../../src/core/dedup/shingles';
import { makeVariant, Rng } from '../../support/questionVariants';
import { hasSharedData, sharedQuestions } from '../../support/sharedData';

const THRESHOLD = 0.7;
const SHINGLES: ShingleOptions = { kind: 'word', n: 3, maskNumbers: false };

describe.skipIf(!hasSharedData)('dedup precision and recall on GSM8K variants', () => {
  it('recovers ≥ 95% of variants at Jaccard ≥ 0.7 with ≥ 90% precision', () => {
    const rng = new Rng(20241023);
    const bases = sharedQuestions('gsm8k-train').slice(0, 2000);
    const index = new DedupIndex({ threshold: THRESHOLD });
    bases.forEach((q, i) => index.add(`base-${i}`, q));
    const baseSets = bases.map((q) => shingleSet(q, SHINGLES));

    let truePositives = 0;
    let falsePositives = 0;
    let positives = 0;
    let nearThreshold = 0;
    for (let i = 0; i < bases.length; i++) {
      const variant = makeVariant(bases[i]!, rng);
      const truth = sortedJaccard(baseSets[i]!, shingleSet(variant, SHINGLES));
      if (truth >= THRESHOLD) positives++;
      if (truth >= THRESHOLD && truth < THRESHOLD + 0.1) nearThreshold++;
      const result = index.check(variant);
      if (result.kind === 'unique') continue;
      const matched = Number(result.duplicateOf.slice('base-'.length));
      const matchedTruth = sortedJaccard(baseSets[matched]!, shingleSet(variant, SHINGLES));
      if (matchedTruth >= THRESHOLD) truePositives++;
      else falsePositives++;
    }
    const recall = truePositives / positives;
    const precision = truePositives / (truePositives + falsePositives);
    console.info(
      `dedup quality: variants=${bases.length} positives=${positives} (in [0.7,0.8): ${nearThreshold}) recall=${recall.toFixed(4)} precision=${precision.toFixed(4)}`,
    );
    expect(positives).toBeGreaterThan(bases.length * 0.3);
    expect(nearThreshold).toBeGreaterThan(50);
    expect(recall).toBeGreaterThanOrEqual(0.97);
    expect(precision).toBeGreaterThanOrEqual(0.99);
  });

  it('finds template clones with masked numbers that plain shingles miss', () => {
    const rng = new Rng(7);
    const bases = sharedQuestions('gsm8k-train').slice(2000, 2500);
    const plain = new DedupIndex();
    const masked = new DedupIndex({ maskNumbers: true });
    bases.forEach((q, i) => {
      plain.add(`b${i}`, q);
      masked.add(`b${i}`, q);
    });
    let plainHits = 0;
    let maskedHits = 0;
    let withNumbers = 0;
    bases.forEach((q, i) => {
      if (!/\d/.test(q)) return;
      withNumbers++;
      const clone = q.replace(/\d+/g, () => String(rng.int(900) + 11));
      if (plain.check(clone).kind !== 'unique') plainHits++;
      const result = masked.check(clone);
      if (result.kind !== 'unique' && result.duplicateOf === `b${i}`) maskedHits++;
    });
    console.info(
      `template clones: ${withNumbers}, plain found ${plainHits}, masked found ${maskedHits}`,
    );
    expect(maskedHits / withNumbers).toBeGreaterThanOrEqual(0.99);
    expect(plainHits).toBeLessThan(maskedHits);
  });
});
