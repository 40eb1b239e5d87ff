import { extractAnswer } from '../core/answers/extractAnswer';
import { exactDuplicateKey } from '../core/dedup/normalizeQuestion';
import type { QuestionRow, SolutionRow } from './rows';

export interface PairText {
  query: string;
  response: string;
}

export interface PairRecords {
  question: QuestionRow;
  solutions: SolutionRow[];
}

/**
 * A question–answer pair that did not come through the pipeline (an import, a benchmark), as the
 * rows a generated pair has: kept, review pending, one chosen solution. Ids follow the pipeline's
 * `runId:index` scheme, so the same pair can never be stored twice in a run.
 */
export function pairRecords(
  runId: string,
  index: number,
  pair: PairText,
  now: number,
  model = 'imported',
): PairRecords {
  const id = `${runId}:${index}`;
  const answer = extractAnswer(pair.response);
  const question: QuestionRow = {
    id,
    runId,
    index,
    text: pair.query,
    dedupKey: exactDuplicateKey(pair.query),
    status: 'kept',
    verdicts: [],
    generation: {
      prompt: '',
      rawText: pair.query,
      finishReason: 'stop',
      seed: 0,
      promptTokens: 0,
      completionTokens: 0,
      model,
    },
    majorityAnswer: answer,
    agreement: 1,
    chosenSolutionId: `${id}:0`,
    createdAt: now,
    reviewStatus: 'pending',
  };
  const solution: SolutionRow = {
    id: `${id}:0`,
    questionId: id,
    runId,
    index: 0,
    text: pair.response,
    finishReason: 'stop',
    answer,
    inMajority: true,
    chosen: true,
    completionTokens: 0,
    candidate: true,
    rank: 0,
  };
  return { question, solutions: [solution] };
}
