import { mulberry32 } from './hash32';

/**
 * MinHash signatures for LSH bucketing. Each hash function is
 * h(x) = xorshift(imul(x ^ salt, multiplier)) with an odd multiplier — a bijection on 32-bit
 * words applied to already well-mixed shingle hashes — and each h yields two MinHash values:
 * the minimum of its high 16 bits and of its low 16 bits. That halves the multiplications on
 * the hot path; two different minima coincide by chance with probability ~2^-16 per slot,
 * which only adds LSH candidates, and every candidate is verified exactly afterwards.
 */
export class MinHasher {
  private readonly salts: Int32Array;
  private readonly multipliers: Int32Array;

  constructor(
    readonly numPerm: number,
    readonly seed = 1,
  ) {
    if (!Number.isInteger(numPerm) || numPerm < 1) throw new Error('numPerm must be >= 1');
    const functions = Math.ceil(numPerm / 2);
    const next = mulberry32(seed);
    this.salts = new Int32Array(functions);
    this.multipliers = new Int32Array(functions);
    for (let i = 0; i < functions; i++) {
      this.salts[i] = next() | 0;
      this.multipliers[i] = next() | 1;
    }
  }

  /**
   * Signature (values 0..65535; 65536 marks an empty set) of the first `count` shingle hashes,
   * written into `out` when given.
   */
  signature(
    hashes: Int32Array,
    count: number,
    out: Int32Array = new Int32Array(this.numPerm),
  ): Int32Array {
    const salts = this.salts;
    const mults = this.multipliers;
    const k = this.numPerm;
    // Function-outer order keeps salt, multiplier and both running minima in registers.
    for (let f = 0, slot = 0; slot < k; f++, slot += 2) {
      const salt = salts[f]!;
      const mult = mults[f]!;
      let high = 0x10000;
      let low = 0x10000;
      for (let s = 0; s < count; s++) {
        let v = Math.imul(hashes[s]! ^ salt, mult);
        v ^= v >>> 15;
        const a = v >>> 16;
        const b = v & 0xffff;
        if (a < high) high = a;
        if (b < low) low = b;
      }
      out[slot] = high;
      if (slot + 1 < k) out[slot + 1] = low;
    }
    return out;
  }
}

/** Fraction of equal signature slots: an estimate of the Jaccard similarity. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
