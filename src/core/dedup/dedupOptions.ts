import type { ShingleKind } from './shingles';
import type { LshBanding } from './lshParams';
import { chooseBanding } from './lshParams';

export interface DedupOptions {
  /** Jaccard similarity of shingle sets at or above which two texts are near duplicates. */
  threshold: number;
  shingleKind: ShingleKind;
  /** Shingle length: words for 'word', characters for 'char'. */
  shingleSize: number;
  /** Permutation budget the banding is chosen from; the hasher uses bands × rows of them. */
  numPerm: number;
  /** LSH banding; chosen from numPerm and threshold (recall-leaning) when omitted. */
  banding: LshBanding;
  /** Also compare texts with every number replaced by a placeholder ('template' matches). */
  maskNumbers: boolean;
  seed: number;
}

/**
 * Defaults tuned on GSM8K-style questions: word 3-grams (one changed number in a 45-word
 * question keeps J ≈ 0.88) and 64 permutations banded 14 × 4, an S-curve centred near J 0.52
 * so that pairs at J ≥ 0.7 become candidates with probability ≥ 0.98; a byte sketch of the
 * signatures drops the clearly weaker candidates and the rest are verified with the exact
 * Jaccard of the stored shingle sets, which removes the false ones.
 */
export const DEFAULT_DEDUP_OPTIONS: Readonly<Omit<DedupOptions, 'banding'>> = {
  threshold: 0.7,
  shingleKind: 'word',
  shingleSize: 3,
  numPerm: 64,
  maskNumbers: false,
  seed: 1,
};

export function resolveDedupOptions(partial: Partial<DedupOptions> = {}): DedupOptions {
  const merged = { ...DEFAULT_DEDUP_OPTIONS, ...partial };
  const { threshold, numPerm } = merged;
  if (!(threshold > 0 && threshold <= 1)) throw new Error('threshold must be in (0, 1]');
  const banding = partial.banding ?? chooseBanding(numPerm, threshold);
  const { bands, rows } = banding;
  if (!(Number.isInteger(bands) && Number.isInteger(rows) && bands >= 1 && rows >= 1)) {
    throw new Error('banding needs whole numbers of bands and rows');
  }
  if (bands * rows > numPerm) {
    throw new Error(`banding ${bands}×${rows} needs more than ${numPerm} permutations`);
  }
  return { ...merged, banding };
}

/**
 * A stable description of everything that changes stored entries or buckets; store it next
 * to exported entries and rebuild from text when it differs.
 */
export function dedupParamsKey(o: DedupOptions): string {
  const { shingleKind, shingleSize, seed, banding } = o;
  return `${shingleKind}${shingleSize}:oph:seed${seed}:b${banding.bands}r${banding.rows}`;
}
