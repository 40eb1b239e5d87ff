/**
 * 32-bit integer hashing for the dedup hot path. Everything stays in Int32/Uint32 space via
 * Math.imul so no BigInt or float rounding is involved.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Murmur3's finaliser: spreads every input bit over the whole word. Returns a signed int32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over UTF-16 code units, finished with fmix32; `seed` selects an independent hash. */
export function hashString32(text: string, seed = 0): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return fmix32(h);
}

/** Order-sensitive combination of a running hash with one more 32-bit value. */
export function combineHash(h: number, value: number): number {
  return Math.imul((h << 5) | (h >>> 27), 0x9e3779b1) ^ value;
}

/**
 * A 53-bit key built from two independent 32-bit hashes: a safe-integer Map key whose
 * collision odds stay negligible for millions of texts.
 */
export function hashString53(text: string): number {
  const hi = hashString32(text, 0x2545f491) >>> 11; // 21 bits
  const lo = hashString32(text, 0x68e31da4) >>> 0; // 32 bits
  return hi * 0x1_0000_0000 + lo;
}

/** Small seeded PRNG (mulberry32) so permutations are reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}
