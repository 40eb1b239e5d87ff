import type { QuestionRecord, RunProgress, SolutionRecord } from '../pipeline/records';

/** What the runner needs from storage; implemented over IndexedDB in src/db and in memory in tests. */
export interface RunStore {
  /** Progress stored for the run; a resumed run continues from `attempts`. */
  loadProgress(runId: string): Promise<RunProgress>;
  /** Whether a kept question with this exact-duplicate key exists anywhere in the project. */
  hasKeptQuestion(dedupKey: string): Promise<boolean>;
  /** Writes the question, its solutions and the advanced progress in one transaction. */
  saveQuestion(question: QuestionRecord, solutions: SolutionRecord[]): Promise<RunProgress>;
}
