import type { FinishReason } from '../../engine/llmEngine';

export type StageName = 'generate' | 'language' | 'dedup' | 'solve' | 'majority' | 'select';

/** Stages in the order one question passes through them. */
export const STAGES: readonly StageName[] = [
  'generate',
  'language',
  'dedup',
  'solve',
  'majority',
  'select',
];

export interface StageVerdict {
  stage: StageName;
  pass: boolean;
  /** Why it failed, or a short note on what the stage found. */
  reason?: string;
}

export interface GenerationTrace {
  prompt: string;
  rawText: string;
  finishReason: FinishReason;
  seed: number;
  promptTokens: number;
  completionTokens: number;
  model: string;
}

export type QuestionStatus = 'kept' | 'rejected';

export interface QuestionRecord {
  /** `${runId}:${index}` — deterministic, so redoing an interrupted attempt overwrites, never duplicates. */
  id: string;
  runId: string;
  /** Attempt number within the run, from 0. */
  index: number;
  text: string;
  /** Key under which exact duplicates collide (normalised-text hash). */
  dedupKey: string;
  status: QuestionStatus;
  /** The stage that rejected it, when rejected. */
  rejectedAt?: StageName;
  verdicts: StageVerdict[];
  generation: GenerationTrace;
  majorityAnswer: string | null;
  /** Majority size ÷ solutions sampled. */
  agreement: number;
  chosenSolutionId: string | null;
  createdAt: number;
}

export interface SolutionRecord {
  /** `${questionId}:${index}` */
  id: string;
  questionId: string;
  runId: string;
  index: number;
  text: string;
  finishReason: FinishReason;
  answer: string | null;
  inMajority: boolean;
  chosen: boolean;
  completionTokens: number;
}

export interface RunProgress {
  /** Attempts fully processed and stored (the next attempt index). */
  attempts: number;
  kept: number;
  rejected: Partial<Record<StageName, number>>;
  promptTokens: number;
  completionTokens: number;
}

export function emptyProgress(): RunProgress {
  return { attempts: 0, kept: 0, rejected: {}, promptTokens: 0, completionTokens: 0 };
}

/** The progress after one more stored question (pure, so the store can write both in one transaction). */
export function advanceProgress(
  progress: RunProgress,
  question: QuestionRecord,
  solutions: SolutionRecord[],
): RunProgress {
  const rejected = { ...progress.rejected };
  if (question.status === 'rejected' && question.rejectedAt) {
    rejected[question.rejectedAt] = (rejected[question.rejectedAt] ?? 0) + 1;
  }
  const solutionTokens = solutions.reduce((sum, s) => sum + s.completionTokens, 0);
  return {
    attempts: Math.max(progress.attempts, question.index + 1),
    kept: progress.kept + (question.status === 'kept' ? 1 : 0),
    rejected,
    promptTokens: progress.promptTokens + question.generation.promptTokens,
    completionTokens:
      progress.completionTokens + question.generation.completionTokens + solutionTokens,
  };
}
