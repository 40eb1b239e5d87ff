import { describe, expect, it } from 'vitest';
import { DedupIndex } from '../../../src/core/dedup/dedupIndex';
import { shingleSet, sortedJaccard } from '../../../src/core/dedup/shingles';
import {
  candidateProbability,
  chooseBanding,
  sCurveThreshold,
} from '../../../src/core/dedup/lshParams';

const q1 =
  'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?';
const q2 =
  'Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?';

describe('DedupIndex', () => {
  it('finds exact duplicates after case, whitespace and punctuation folding', () => {
    const index = new DedupIndex();
    expect(index.checkAndAdd('a', q1)).toEqual({ kind: 'unique' });
    expect(index.checkAndAdd('b', `  ${q1.toUpperCase().replace(/ /g, '  ')}`)).toEqual({
      kind: 'exact',
      duplicateOf: 'a',
      similarity: 1,
    });
    expect(index.check(q1.replace('?', ''))).toMatchObject({ kind: 'exact', duplicateOf: 'a' });
    expect(index.size).toBe(1);
  });

  it('finds near duplicates with their exact shingle Jaccard', () => {
    const index = new DedupIndex();
    index.add('a', q1);
    index.add('b', q2);
    const variant = q1.replace('48', '52');
    const expected = sortedJaccard(
      shingleSet(q1, { kind: 'word', n: 3, maskNumbers: false }),
      shingleSet(variant, { kind: 'word', n: 3, maskNumbers: false }),
    );
    expect(expected).toBeGreaterThan(0.8);
    expect(index.check(variant)).toEqual({ kind: 'near', duplicateOf: 'a', similarity: expected });
  });

  it('keeps different questions apart', () => {
    const index = new DedupIndex();
    index.add('a', q1);
    expect(index.check(q2)).toEqual({ kind: 'unique' });
    expect(index.check('Compute $\\dbinom{31}{28}$.')).toEqual({ kind: 'unique' });
  });

  it('catches template clones only when numbers are masked', () => {
    const clone =
      'Natalia sold clips to 7 of her friends in April, and then she sold 3 times as many clips in May. How many clips did Natalia sell altogether in April and May?';
    const plain = new DedupIndex();
    plain.add('a', 'A shop sells 12 pens for $3 and 40 pencils for $5 on 2 days.');
    expect(plain.check('A shop sells 9 pens for $8 and 17 pencils for $1 on 6 days.').kind).toBe(
      'unique',
    );

    const masked = new DedupIndex({ maskNumbers: true });
    masked.add('a', 'A shop sells 12 pens for $3 and 40 pencils for $5 on 2 days.');
    masked.add('b', q1);
    expect(masked.check('A shop sells 9 pens for $8 and 17 pencils for $1 on 6 days.')).toEqual({
      kind: 'template',
      duplicateOf: 'a',
      similarity: 1,
    });
    expect(masked.check(clone)).toMatchObject({ kind: 'template', duplicateOf: 'b' });
  });

  it('honours the threshold option', () => {
    const variant = q1.replace('48', '52').replace('half', 'twice').replace('May', 'June');
    const j = sortedJaccard(
      shingleSet(q1, { kind: 'word', n: 3, maskNumbers: false }),
      shingleSet(variant, { kind: 'word', n: 3, maskNumbers: false }),
    );
    // One row per band makes the pair an LSH candidate for sure (J ≈ 0.5 would otherwise be
    // proposed with probability ~0.95), so this checks the threshold of the exact verification.
    const banding = { bands: 64, rows: 1 };
    const loose = new DedupIndex({ threshold: j - 0.01, banding });
    loose.add('a', q1);
    expect(loose.check(variant).kind).toBe('near');
    const strict = new DedupIndex({ threshold: j + 0.01, banding });
    strict.add('a', q1);
    expect(strict.check(variant).kind).toBe('unique');
  });

  it('supports character shingles', () => {
    const index = new DedupIndex({ shingleKind: 'char', shingleSize: 5 });
    index.add('a', q1);
    expect(index.check(q1.replace('clips', 'clip')).kind).toBe('near');
    expect(index.check(q2).kind).toBe('unique');
  });

  it('exports entries as plain data and rebuilds an equivalent index', () => {
    const index = new DedupIndex({ maskNumbers: true });
    index.add('a', q1);
    index.add('b', q2);
    const entries = [...index.entries()];
    expect(entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(entries[0]!.shingles).toBeInstanceOf(Int32Array);
    expect(entries[0]!.templateShingles).toBeInstanceOf(Int32Array);
    expect(entries[0]).toEqual(index.entryFor('a', q1));
    const copy = structuredClone(entries);
    const rebuilt = DedupIndex.fromEntries(copy, { maskNumbers: true });
    expect(rebuilt.size).toBe(2);
    expect(rebuilt.paramsKey).toBe(index.paramsKey);
    expect(rebuilt.check(q1)).toEqual({ kind: 'exact', duplicateOf: 'a', similarity: 1 });
    expect(rebuilt.check(q2.replace('12', '15')).kind).toBe('near');
    expect(rebuilt.check(q2.replace(/\d+/g, '9'))).toMatchObject({
      kind: 'template',
      duplicateOf: 'b',
    });
    expect(index.bucketKeys(entries[0]!.shingles)).toHaveLength(index.options.banding.bands);
  });

  it('exports sorted shingle sets for texts indexed by checkAndAdd', () => {
    const index = new DedupIndex({ maskNumbers: true });
    index.checkAndAdd('a', q1);
    const [entry] = [...index.entries()];
    expect(entry!.shingles).toEqual(shingleSet(q1, { kind: 'word', n: 3, maskNumbers: false }));
    expect(entry!.templateShingles).toEqual(
      shingleSet(q1, { kind: 'word', n: 3, maskNumbers: true }),
    );
    expect(entry).toEqual(index.entryFor('a', q1));
  });

  it('names one indexed text at or above the threshold, with its exact similarity', () => {
    const index = new DedupIndex();
    const close = q1.replace('48', '52');
    const closer = q1.replace('altogether', 'in total');
    index.add('close', close);
    index.add('closer', closer);
    const options = { kind: 'word' as const, n: 3, maskNumbers: false };
    const result = index.check(q1);
    expect(result.kind).toBe('near');
    if (result.kind === 'unique') return;
    const matched = result.duplicateOf === 'close' ? close : closer;
    expect(result.similarity).toBe(
      sortedJaccard(shingleSet(q1, options), shingleSet(matched, options)),
    );
    expect(result.similarity).toBeGreaterThanOrEqual(0.7);
  });

  it('rejects impossible options', () => {
    expect(() => new DedupIndex({ threshold: 0 })).toThrow(/threshold/);
    expect(() => new DedupIndex({ numPerm: 16, banding: { bands: 8, rows: 4 } })).toThrow(
      /permutations/,
    );
  });
});

describe('LSH banding', () => {
  it('defaults to a recall-leaning S-curve below the 0.7 threshold', () => {
    const banding = chooseBanding(64, 0.7);
    expect(banding).toEqual({ bands: 14, rows: 4 });
    expect(sCurveThreshold(banding)).toBeCloseTo(0.517, 2);
    expect(candidateProbability(0.7, banding)).toBeGreaterThan(0.97);
    expect(candidateProbability(0.2, banding)).toBeLessThan(0.03);
  });
});
