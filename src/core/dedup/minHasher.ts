import { mulberry32 } from './hash32';

/**
 * MinHash with `numPerm` 32-bit permutations h_i(x) = xorshift(imul(x ^ s_i, a_i)) (a_i odd):
 * each step is a bijection on 32-bit words, so each h_i permutes the (already well mixed)
 * shingle hashes. Minima use signed int32 order, which is just another fixed total order.
 */
export class MinHasher {
  private readonly salts: Int32Array;
  private readonly multipliers: Int32Array;

  constructor(
    readonly numPerm: number,
    readonly seed = 1,
  ) {
    if (!Number.isInteger(numPerm) || numPerm < 1) throw new Error('numPerm must be >= 1');
    const next = mulberry32(seed);
    this.salts = new Int32Array(numPerm);
    this.multipliers = new Int32Array(numPerm);
    for (let i = 0; i < numPerm; i++) {
      this.salts[i] = next() | 0;
      this.multipliers[i] = next() | 1;
    }
  }

  /** Signature of the first `count` shingle hashes. An empty set gets all-max values. */
  signature(
    hashes: Int32Array,
    count: number,
    out: Int32Array = new Int32Array(this.numPerm),
  ): Int32Array {
    const salts = this.salts;
    const mults = this.multipliers;
    // Permutation-outer order keeps salt, multiplier and running minimum in registers.
    for (let i = 0; i < this.numPerm; i++) {
      const salt = salts[i]!;
      const mult = mults[i]!;
      let min = 0x7fffffff;
      for (let s = 0; s < count; s++) {
        let v = Math.imul(hashes[s]! ^ salt, mult);
        v ^= v >>> 15;
        if (v < min) min = v;
      }
      out[i] = min;
    }
    return out;
  }
}

/** Fraction of equal signature slots: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
