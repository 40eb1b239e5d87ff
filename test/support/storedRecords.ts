/** Stored question and solution records (as the run store writes them) for tests, with defaults. */
import type {
  QuestionRecord,
  SolutionRecord,
  StageName,
  StageVerdict,
} from '../../src/core/pipeline/records';

/** A stored question with sensible defaults; `overrides` win. */
export function makeQuestion(
  runId: string,
  index: number,
  overrides: Partial<QuestionRecord> = {},
): QuestionRecord {
  const id = `${runId}:${index}`;
  const kept = (overrides.status ?? 'kept') === 'kept';
  return {
    id,
    runId,
    index,
    text: `Question ${index}?`,
    dedupKey: `key-${id}`,
    status: 'kept',
    verdicts: passed(['generate', 'language', 'dedup', 'judge', 'solve', 'majority']),
    generation: {
      prompt: 'p',
      rawText: `Question ${index}?`,
      finishReason: 'stop',
      seed: index,
      promptTokens: 1,
      completionTokens: 1,
      model: 'gen-model',
    },
    majorityAnswer: kept ? String(index) : null,
    agreement: kept ? 1 : 0,
    chosenSolutionId: kept ? `${id}:0` : null,
    createdAt: 1_000 + index,
    reviewStatus: 'pending',
    ...overrides,
  };
}

export function makeSolution(
  question: QuestionRecord,
  index: number,
  overrides: Partial<SolutionRecord> = {},
): SolutionRecord {
  return {
    id: `${question.id}:${index}`,
    questionId: question.id,
    runId: question.runId,
    index,
    text: `Solution ${index} of ${question.id}: \\boxed{${question.majorityAnswer ?? '?'}}`,
    finishReason: 'stop',
    answer: question.majorityAnswer,
    inMajority: true,
    chosen: question.chosenSolutionId === `${question.id}:${index}`,
    completionTokens: 3,
    candidate: true,
    ...overrides,
  };
}

export function passed(stages: StageName[]): StageVerdict[] {
  return stages.map((stage) => ({ stage, pass: true }));
}
