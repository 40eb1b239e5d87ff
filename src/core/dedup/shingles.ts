import { combineHash, fmix32, hashString32 } from './hash32';
import { HashSet32 } from './hashSet32';
import { foldText, TokenBuffer, tokenHashes } from './tokenHashes';

export type ShingleKind = 'word' | 'char';

export interface ShingleOptions {
  /** Word n-grams (tokens: letter/digit runs and math symbols) or character n-grams. */
  kind: ShingleKind;
  n: number;
  /** Replace every number by one placeholder first (catches template clones). */
  maskNumbers: boolean;
}

export interface Shingled {
  /** Distinct shingle hashes, in text order; valid until the next `extract`. */
  hashes: Int32Array;
  count: number;
  /** The same hashes as a set (for verification without sorting); valid until the next `extract`. */
  set: HashSet32;
  /**
   * 53-bit hash of the token sequence (case, NFKC, whitespace and light punctuation folded):
   * equal keys mean the texts are exact duplicates after normalisation.
   */
  exactKey: number;
}

/**
 * Computes shingle hashes into reusable buffers: one extractor per index keeps the hot path
 * allocation-free (not re-entrant).
 */
export class ShingleExtractor {
  private readonly tokens = new TokenBuffer();
  private readonly shingles = new TokenBuffer();
  private readonly set = new HashSet32();

  constructor(readonly options: ShingleOptions) {
    if (!Number.isInteger(options.n) || options.n < 1) throw new Error('shingle n must be >= 1');
  }

  extract(text: string): Shingled {
    const folded = foldText(text);
    tokenHashes(folded, this.options.maskNumbers, this.tokens);
    let count: number;
    if (this.options.kind === 'word') count = this.wordShingles();
    else {
      this.charShingles(folded);
      count = this.distinct();
    }
    return { hashes: this.shingles.data, count, set: this.set, exactKey: this.exactKey() };
  }

  /** Drops repeated shingles in place (keeping first occurrences); returns how many remain. */
  private distinct(): number {
    const data = this.shingles.data;
    const length = this.shingles.length;
    const set = this.set;
    set.reset(length);
    let w = 0;
    for (let r = 0; r < length; r++) {
      const h = data[r]!;
      if (set.add(h)) data[w++] = h;
    }
    return w;
  }

  private exactKey(): number {
    const t = this.tokens.data;
    let hi = 0x2545f491;
    let lo = 0x68e31da4;
    for (let i = 0; i < this.tokens.length; i++) {
      hi = combineHash(hi, t[i]!);
      lo = Math.imul(lo ^ t[i]!, 0x5bd1e995) + i;
    }
    return (fmix32(hi) >>> 11) * 0x1_0000_0000 + (fmix32(lo) >>> 0);
  }

  /** Distinct word n-gram hashes into `shingles` (first occurrences, in order); returns how many. */
  private wordShingles(): number {
    const n = this.options.n;
    const t = this.tokens.data;
    const count = this.tokens.length;
    // Texts shorter than n tokens still get one shingle made of all their tokens.
    const last = count >= n ? count - n : count > 0 ? 0 : -1;
    const width = Math.min(n, count);
    const out = this.shingles;
    out.reserve(last + 1);
    const data = out.data;
    const set = this.set;
    set.reset(last + 1);
    let w = 0;
    for (let i = 0; i <= last; i++) {
      let h = n;
      for (let j = 0; j < width; j++) h = combineHash(h, t[i + j]!);
      const shingle = fmix32(h);
      if (set.add(shingle)) data[w++] = shingle;
    }
    out.length = w;
    return w;
  }

  private charShingles(folded: string): void {
    const n = this.options.n;
    let s = folded.toLowerCase().replace(/\s+/g, ' ').trim();
    if (this.options.maskNumbers) s = s.replace(/\d+(?:[.,]\d+)*/g, '#');
    const out = this.shingles;
    out.length = 0;
    if (s.length === 0) return;
    const last = Math.max(0, s.length - n);
    for (let i = 0; i <= last; i++) out.push(hashString32(s.slice(i, i + n), n));
  }
}

/** The distinct shingle hashes of a text, sorted: ground truth for exact Jaccard. */
export function shingleSet(text: string, options: ShingleOptions): Int32Array {
  const { hashes, count } = new ShingleExtractor(options).extract(text);
  return hashes.slice(0, count).sort();
}

/** Exact Jaccard of two sorted distinct hash lists (1 for two empty lists). */
export function sortedJaccard(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  aStart = 0,
  aEnd = a.length,
  bStart = 0,
  bEnd = b.length,
): number {
  const total = aEnd - aStart + (bEnd - bStart);
  if (total === 0) return 1;
  let i = aStart;
  let j = bStart;
  let shared = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (total - shared);
}
