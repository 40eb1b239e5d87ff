import { describe, expect, it } from 'vitest';
import { BandTable, BUCKET_CAPACITY } from '../../../src/core/dedup/bandTable';
import { CandidateVotes } from '../../../src/core/dedup/candidateVotes';
import { ExactKeyTable } from '../../../src/core/dedup/exactKeyTable';
import { HashSet32, jaccardAtLeast } from '../../../src/core/dedup/hashSet32';
import { sortedJaccard } from '../../../src/core/dedup/shingles';
import { Rng } from '../../support/questionVariants';

function members(table: BandTable, key: number): number[] {
  const out = new Int32Array(BUCKET_CAPACITY);
  return [...out.subarray(0, table.appendMembers(key, out, 0))];
}

describe('BandTable', () => {
  it('keeps bucket members in insertion order through inline, pooled and regrown storage', () => {
    const table = new BandTable();
    const expected = new Map<number, number[]>();
    const rng = new Rng(3);
    // Interleaved buckets of every size, so blocks are freed and reused across buckets.
    for (let i = 0; i < 20000; i++) {
      const key = (rng.int(3000) * 0x9e3779b1) | 0;
      table.insert(key, i);
      const list = expected.get(key) ?? [];
      if (list.length < BUCKET_CAPACITY) list.push(i);
      expected.set(key, list);
    }
    for (const [key, list] of expected) expect(members(table, key)).toEqual(list);
    expect(members(table, 12345)).toEqual([]);
  });

  it('caps a bucket at BUCKET_CAPACITY members, keeping the oldest', () => {
    const table = new BandTable();
    for (let i = 0; i < BUCKET_CAPACITY + 10; i++) table.insert(7, i);
    expect(members(table, 7)).toEqual([...Array(BUCKET_CAPACITY).keys()]);
  });
});

describe('CandidateVotes', () => {
  it('counts repeats as votes and orders by votes, then first appearance', () => {
    const votes = new CandidateVotes(16, 4);
    const found = votes.count(Int32Array.from([5, 9, 2, 9, 5, 9, 7]), 7);
    expect(found).toBe(4);
    expect([...votes.ordered.subarray(0, found)]).toEqual([9, 5, 2, 7]);
    expect([...votes.votes.subarray(0, found)]).toEqual([3, 2, 1, 1]);
    // A fresh tally forgets the previous one.
    expect(votes.count(Int32Array.from([2]), 1)).toBe(1);
    expect(votes.votes[0]).toBe(1);
  });
});

describe('ExactKeyTable', () => {
  it('maps 53-bit keys to the first entry stored under them', () => {
    const table = new ExactKeyTable();
    const keys = Array.from({ length: 5000 }, (_, i) => i * 0x1_0000_0001 + (i % 7) * 2 ** 52);
    keys.forEach((key, i) => table.setIfAbsent(key, i));
    table.setIfAbsent(keys[10]!, 99999);
    keys.forEach((key, i) => expect(table.get(key)).toBe(i));
    // Same low 32 bits, different high bits: a different key.
    expect(table.get(keys[3]! + 0x1_0000_0000)).toBe(-1);
    expect(table.get(Number.MAX_SAFE_INTEGER)).toBe(-1);
  });
});

describe('HashSet32 and jaccardAtLeast', () => {
  it('agrees with the sorted-list Jaccard and rejects pairs below the minimum', () => {
    const rng = new Rng(11);
    const set = new HashSet32();
    for (let trial = 0; trial < 200; trial++) {
      const a = [...new Set(Array.from({ length: 1 + rng.int(60) }, () => rng.int(90) - 45))];
      const b = [...new Set(Array.from({ length: 1 + rng.int(60) }, () => rng.int(90) - 45))];
      set.reset(b.length);
      for (const v of b) expect(set.add(v)).toBe(true);
      expect(set.add(b[0]!)).toBe(false);
      const truth = sortedJaccard(Int32Array.from(a).sort(), Int32Array.from(b).sort());
      const list = Int32Array.from([0, ...a]);
      expect(jaccardAtLeast(list, 1, list.length, set, b.length, 0)).toBeCloseTo(truth, 12);
      const minimum = 0.3;
      expect(jaccardAtLeast(list, 1, list.length, set, b.length, minimum)).toBe(
        truth >= minimum ? truth : -1,
      );
    }
    set.reset(1);
    expect(set.has(0)).toBe(false);
  });
});
