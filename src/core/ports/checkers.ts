export type DuplicateVerdict =
  { duplicate: false } | { duplicate: true; kind: string; of: string; similarity: number };

/**
 * Duplicate detection over a set of questions (exact keys, MinHash-LSH, …). The runner asks
 * `check` before any judge call and calls `add` for each question it keeps, in attempt order.
 */
export interface DuplicateChecker {
  check(text: string): DuplicateVerdict | Promise<DuplicateVerdict>;
  add(id: string, text: string): void | Promise<void>;
}

export interface ContaminationVerdict {
  contaminated: boolean;
  /** Which reference set it overlaps. */
  source?: string;
  /** Share of the question's n-grams found in the reference set. */
  overlap: number;
}

/** N-gram overlap with reference test sets (the paper checked 13-grams after the fact). */
export interface ContaminationChecker {
  /** Names of the reference sets it checks against (recorded with each question it checks). */
  readonly sources: readonly string[];
  check(text: string): ContaminationVerdict | Promise<ContaminationVerdict>;
}
