import { BandTable } from './bandTable';
import { jaccardAtLeast } from './shingles';

export interface BestMatch {
  /** Entry number given to `add`. */
  entry: number;
  /** Exact Jaccard of the two shingle sets. */
  similarity: number;
}

/**
 * Shingle sets of indexed entries in one flat Int32Array plus their LSH buckets. LSH only
 * proposes candidates; each is verified with the exact Jaccard of the stored sets, which is
 * both cheaper in memory than full signatures (~45 values per question instead of 128) and
 * free of estimation error.
 */
export class ShingleStore {
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  private starts = new Int32Array(1024).fill(-1);
  private ends = new Int32Array(1024);
  private readonly table = new BandTable();
  private stamps = new Int32Array(1024);
  private stamp = 0;

  /** Node id = entry << shift | band, so the entry is recovered with a shift, not a division. */
  private readonly shift: number;

  constructor(readonly bands: number) {
    this.shift = Math.max(0, Math.ceil(Math.log2(bands)));
  }

  add(entry: number, shingles: ArrayLike<number>, count: number, keys: Uint32Array): void {
    this.reserve(entry, count);
    const start = this.poolLength;
    for (let i = 0; i < count; i++) this.pool[start + i] = shingles[i]!;
    this.poolLength += count;
    this.starts[entry] = start;
    this.ends[entry] = start + count;
    const bands = this.bands;
    const base = entry << this.shift;
    for (let b = 0; b < bands; b++) this.table.insert(keys[b]!, base | b);
  }

  has(entry: number): boolean {
    return entry < this.starts.length && this.starts[entry]! >= 0;
  }

  /** Copy of the sorted shingle set stored for `entry`. */
  shinglesOf(entry: number): Int32Array {
    return this.pool.slice(this.starts[entry], this.ends[entry]);
  }

  /** Most similar candidate with Jaccard ≥ threshold; ties go to the earliest entry. */
  best(
    shingles: Int32Array,
    count: number,
    keys: Uint32Array,
    threshold: number,
  ): BestMatch | undefined {
    const bands = this.bands;
    const shift = this.shift;
    const stamp = this.nextStamp();
    let bestEntry = -1;
    let bestSimilarity = -1;
    for (let b = 0; b < bands; b++) {
      for (let node = this.table.head(keys[b]!); node !== -1; node = this.table.after(node)) {
        const entry = node >>> shift;
        if (this.stamps[entry] === stamp) continue;
        this.stamps[entry] = stamp;
        // Only a candidate at least as good as the best so far matters (ties: earlier entry).
        const minimum = bestEntry < 0 ? threshold : bestSimilarity;
        const start = this.starts[entry]!;
        const end = this.ends[entry]!;
        const similarity = jaccardAtLeast(this.pool, start, end, shingles, count, minimum);
        if (similarity < 0) continue;
        if (similarity > bestSimilarity || entry < bestEntry) {
          bestSimilarity = similarity;
          bestEntry = entry;
        }
      }
    }
    if (bestEntry < 0 || bestSimilarity < threshold) return undefined;
    return { entry: bestEntry, similarity: bestSimilarity };
  }

  private nextStamp(): number {
    if (this.stamps.length < this.starts.length) {
      const bigger = new Int32Array(this.starts.length);
      bigger.set(this.stamps);
      this.stamps = bigger;
    }
    this.stamp = (this.stamp + 1) | 0;
    return this.stamp;
  }

  private reserve(entry: number, count: number): void {
    if (this.poolLength + count > this.pool.length) {
      let size = this.pool.length * 2;
      while (this.poolLength + count > size) size *= 2;
      const bigger = new Int32Array(size);
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    if (entry >= this.starts.length) {
      let size = this.starts.length * 2;
      while (entry >= size) size *= 2;
      const starts = new Int32Array(size).fill(-1);
      starts.set(this.starts);
      const ends = new Int32Array(size);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
  }
}
