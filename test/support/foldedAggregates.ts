import type { QuestionRecord, SolutionRecord } from '../../src/core/pipeline/records';
import {
  emptyAggregates,
  foldAttempt,
  type RunAggregates,
} from '../../src/core/runs/runAggregates';

/** A run's aggregates folded from the attempts given, in that order (as the store folds them). */
export function aggregateAttempts(
  runId: string,
  attempts: Iterable<{ question: QuestionRecord; solutions: readonly SolutionRecord[] }>,
): RunAggregates {
  const agg = emptyAggregates(runId);
  for (const { question, solutions } of attempts) foldAttempt(agg, question, solutions);
  return agg;
}
