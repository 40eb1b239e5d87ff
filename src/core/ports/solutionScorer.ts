import type { StageTokens } from '../pipeline/records';

export interface SolutionScore {
  /** Higher is better; null when the scorer's output could not be read. */
  score: number | null;
  output: string;
  tokens: StageTokens;
}

/**
 * Scores one (question, solution) pair for selection (method step 7). The paper used a reward
 * model; here the local model grades, and a remote reward model can implement the same port.
 */
export interface SolutionScorer {
  score(question: string, solution: string, signal?: AbortSignal): Promise<SolutionScore>;
}
