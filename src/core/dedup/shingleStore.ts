import { BandTable, BUCKET_CAPACITY } from './bandTable';
import { CandidateVotes } from './candidateVotes';
import type { HashSet32 } from './hashSet32';
import { jaccardAtLeast } from './hashSet32';

export interface Match {
  /** Entry number given to `add`. */
  entry: number;
  /** Exact Jaccard of the two shingle sets. */
  similarity: number;
}

/**
 * Shingle sets of indexed entries in one flat Int32Array, a one-byte-per-slot sketch of each
 * MinHash signature, and their LSH buckets. LSH only proposes candidates; the sketch rejects
 * the clearly dissimilar ones, and the rest are verified with the exact Jaccard of the stored
 * sets, so reported similarities carry no estimation error. An entry's sketch and the bounds
 * of its set share one record (64 bytes, one cache line, with the default 56 slots): a
 * candidate costs one cache miss to reject and one more, for its set, to verify.
 */
export class ShingleStore {
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  /** Entry e's record at e × stride: sketch words, then start and end of its set in `pool` (-1 = none). */
  private records: Int32Array;
  private readonly stride: number;
  private readonly querySketch: Int32Array;
  private readonly table = new BandTable();
  /** Room for every member of every band's bucket. */
  private readonly members: Int32Array;
  private readonly votes: CandidateVotes;
  /** Int32 words per sketch: four signature slots (low 8 bits each) per word. */
  private readonly words: number;

  constructor(
    readonly bands: number,
    readonly slots: number,
  ) {
    this.members = new Int32Array(bands * BUCKET_CAPACITY);
    this.votes = new CandidateVotes(bands * BUCKET_CAPACITY, bands);
    this.words = Math.ceil(slots / 4);
    this.stride = this.words + 2;
    this.records = new Int32Array(1024 * this.stride).fill(-1);
    this.querySketch = new Int32Array(this.words);
  }

  add(
    entry: number,
    shingles: ArrayLike<number>,
    count: number,
    keys: Uint32Array,
    signature: Int32Array,
  ): void {
    this.reserve(entry, count);
    const start = this.poolLength;
    for (let i = 0; i < count; i++) this.pool[start + i] = shingles[i]!;
    this.poolLength += count;
    const record = entry * this.stride;
    writeSketch(signature, this.slots, this.records, record);
    this.records[record + this.words] = start;
    this.records[record + this.words + 1] = start + count;
    for (let b = 0; b < this.bands; b++) this.table.insert(keys[b]!, entry);
  }

  has(entry: number): boolean {
    const at = entry * this.stride + this.words;
    return at < this.records.length && this.records[at]! >= 0;
  }

  /** Sorted copy of the shingle set stored for `entry`. */
  shinglesOf(entry: number): Int32Array {
    const at = entry * this.stride + this.words;
    return this.pool.slice(this.records[at], this.records[at + 1]).sort();
  }

  /**
   * The first candidate, in order of shared LSH bands (most first), whose exact Jaccard is
   * ≥ threshold. Not necessarily the most similar one: stopping at the first match skips the
   * sketch and set reads of the remaining candidates, which dominate lookups in a large index
   * (in the 1M-question bench 17% of matches had a slightly more similar candidate later on).
   */
  firstMatch(
    shingles: HashSet32,
    count: number,
    keys: Uint32Array,
    threshold: number,
    signature: Int32Array,
  ): Match | undefined {
    const found = this.collect(keys);
    if (found === 0) return undefined;
    const candidates = this.votes.ordered;
    const query = this.querySketch;
    writeSketch(signature, this.slots, query, 0);
    const records = this.records;
    const words = this.words;
    const stride = this.stride;
    const allowed = allowedMismatches(threshold, this.slots);
    for (let c = 0; c < found; c++) {
      const entry = candidates[c]!;
      const record = entry * stride;
      if (sketchMismatches(query, records, record, words, allowed) > allowed) continue;
      const start = records[record + words]!;
      const end = records[record + words + 1]!;
      const similarity = jaccardAtLeast(this.pool, start, end, shingles, count, threshold);
      if (similarity >= 0) return { entry, similarity };
    }
    return undefined;
  }

  /**
   * Distinct entries sharing a bucket with `keys`, ordered by shared bands (likely the most
   * similar first, so a match is usually found early) in `votes.ordered`. Returns how many.
   */
  private collect(keys: Uint32Array): number {
    const count = this.table.appendAllMembers(keys, this.members);
    return count === 0 ? 0 : this.votes.count(this.members, count);
  }

  private reserve(entry: number, count: number): void {
    if (this.poolLength + count > this.pool.length) {
      let size = this.pool.length * 2;
      while (this.poolLength + count > size) size *= 2;
      const bigger = new Int32Array(size);
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    if ((entry + 1) * this.stride > this.records.length) {
      let size = this.records.length * 2;
      while ((entry + 1) * this.stride > size) size *= 2;
      const records = new Int32Array(size).fill(-1);
      records.set(this.records);
      this.records = records;
    }
  }
}

/**
 * Signature slots (out of `slots`) that may differ before a candidate is dropped unseen: its
 * estimated Jaccard is below threshold − max(0.15, 2.5σ). On GSM8K-style template clones
 * (word 3-grams, 64 slots) 0.09% of pairs at J ≥ 0.7 fall 0.15 below their true Jaccard, and
 * those are the ones right at the threshold, while 54% of LSH's J ≈ 0.5 candidates and 96% at
 * J ≈ 0.4 skip the exact comparison.
 */
function allowedMismatches(threshold: number, slots: number): number {
  const sigma = Math.sqrt((threshold * (1 - threshold)) / slots);
  const floor = threshold - Math.max(0.15, 2.5 * sigma);
  return floor <= 0 ? slots : Math.floor(slots * (1 - floor));
}

/** Packs the low 8 bits of each signature slot, four per word (unused bytes stay 0). */
function writeSketch(signature: Int32Array, slots: number, out: Int32Array, at: number): void {
  for (let w = 0, s = 0; s < slots; w++, s += 4) {
    let word = signature[s]! & 0xff;
    if (s + 1 < slots) word |= (signature[s + 1]! & 0xff) << 8;
    if (s + 2 < slots) word |= (signature[s + 2]! & 0xff) << 16;
    if (s + 3 < slots) word |= (signature[s + 3]! & 0xff) << 24;
    out[at + w] = word;
  }
}

/**
 * Differing bytes between two sketches (a slot that differs only above its low 8 bits counts
 * as equal: ~1/256 per slot, which only lets a few more candidates through). Stops once past
 * `allowed`.
 */
function sketchMismatches(
  a: Int32Array,
  b: Int32Array,
  at: number,
  words: number,
  allowed: number,
): number {
  let mismatches = 0;
  for (let w = 0; w < words; w++) {
    const x = a[w]! ^ b[at + w]!;
    if (x === 0) continue;
    // High bit of each byte set iff that byte of x is non-zero.
    const nonZero = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
    mismatches += Math.imul(nonZero >>> 7, 0x01010101) >>> 24;
    if (mismatches > allowed) return mismatches;
  }
  return mismatches;
}
