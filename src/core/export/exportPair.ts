import type { QuestionRecord } from '../pipeline/records';

/** One kept question with its chosen solution, plus optional metadata some formats carry. */
export interface ExportPair {
  query: string;
  response: string;
  runId?: string;
  /** Majority size ÷ solutions sampled. */
  agreement?: number;
  majorityAnswer?: string | null;
  /**
   * The contamination check's verdict on the question (absent when it did not run on it): whether
   * it overlaps a reference set (a kept one only when its run flags rather than drops), which
   * set, and the share of its n-grams found there.
   */
  contamination?: { contaminated: boolean; source: string | null; overlap: number };
}

/** Writers pull pairs one at a time, so a database cursor can feed them without loading everything. */
export type PairSource = Iterable<ExportPair> | AsyncIterable<ExportPair>;

/**
 * The contamination flag columns of a pair, written when the exported runs flag rather than drop
 * overlapping questions: `contaminated` true or false where the check ran, null where it did not
 * (never a pass that was not checked), with the set and overlap found.
 */
export function contaminationColumns(pair: ExportPair): {
  contaminated: boolean | null;
  contamination_source: string | null;
  contamination_overlap: number | null;
} {
  const c = pair.contamination;
  return {
    contaminated: c ? c.contaminated : null,
    contamination_source: c?.contaminated ? c.source : null,
    contamination_overlap: c ? c.overlap : null,
  };
}

/** The contamination verdict of a stored question, for its export pair. */
export function flagOf(question: QuestionRecord): Pick<ExportPair, 'contamination'> {
  const found = question.contamination;
  if (!found) return {};
  const source = found.contaminated ? (found.source ?? 'a reference set') : null;
  return { contamination: { contaminated: found.contaminated, source, overlap: found.overlap } };
}
