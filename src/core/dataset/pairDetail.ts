import type { QuestionRecord, SolutionRecord } from '../pipeline/records';
import type { RunRow } from '../runs/runRow';

/** One pair opened in the dataset browser: the question, every candidate solution, its run. */
export interface PairDetail {
  question: QuestionRecord;
  solutions: SolutionRecord[];
  run: RunRow | undefined;
}
