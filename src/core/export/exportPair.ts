/** One kept question with its chosen solution, plus optional metadata some formats carry. */
export interface ExportPair {
  query: string;
  response: string;
  runId?: string;
  /** Majority size ÷ solutions sampled. */
  agreement?: number;
  majorityAnswer?: string | null;
}

/** Writers pull pairs one at a time, so a database cursor can feed them without loading everything. */
export type PairSource = Iterable<ExportPair> | AsyncIterable<ExportPair>;
