import type { FinishReason } from '../ports/llmEngine';

export type StageName =
  | 'generate'
  | 'language'
  | 'dedup'
  | 'contamination'
  | 'judge'
  | 'solve'
  | 'majority'
  | 'difficulty'
  | 'select';

/**
 * Stages in the order one question passes through them: every cheap check (the generation screen
 * of length and template tokens, language, duplicates, contamination) before the first judge call.
 */
export const STAGES: readonly StageName[] = [
  'generate',
  'language',
  'dedup',
  'contamination',
  'judge',
  'solve',
  'majority',
  'difficulty',
  'select',
];

/** Tokens one stage spent on the engine. */
export interface StageTokens {
  promptTokens: number;
  completionTokens: number;
}

/** The tokens a stage spent, from its engine call's usage (which says more). */
export function stageTokens({ promptTokens, completionTokens }: StageTokens): StageTokens {
  return { promptTokens, completionTokens };
}

export type TokensByStage = Partial<Record<StageName, StageTokens>>;

/** What the solvability judge said (method step 3). */
export interface JudgeTrace {
  mode: 'reasoning' | 'fast';
  prompt: string;
  output: string;
  /** The parsed verdict; null when the output had none. */
  verdict: 'yes' | 'no' | null;
  /** P(yes) from the answer token's log-probabilities (fast mode), or 1/0 from the token. */
  probability?: number;
  /** How the verdict was read: the final verdict line, "yes" anywhere (lenient), or the token. */
  rule: 'final-verdict' | 'lenient-yes' | 'token-logprobs' | 'token-text';
}

/** Difficulty signals for one question (method step 4). */
export interface DifficultyTrace {
  /** Share of solutions that miss the majority answer (unanswered ones count as misses). */
  failRate: number;
  agreement: number;
  distinctAnswers: number;
  answered: number;
  /** Answer comparisons the grader left undecided (a symbolic limit); counted as different. */
  undecided?: number;
  /** The LLM's five-level rating, 1 = very easy … 5 = very hard, when asked. */
  rating?: { level: number | null; label: string | null; prompt: string; output: string };
}

export interface DuplicateTrace {
  kind: string;
  /** Id (or key) of the question it duplicates. */
  of: string;
  similarity: number;
}

export interface ContaminationTrace {
  contaminated: boolean;
  source?: string;
  /** Share of the question's n-grams found in a reference set. */
  overlap: number;
  /** The reference sets it was checked against (absent on rows stored before it was recorded). */
  against?: string[];
}

/**
 * What one stage did with one question. A stage that did not run (turned off, or unable to run,
 * e.g. contamination without a reference set) records `skipped: true` with the reason; `pass`
 * then only says the question went on. Read outcomes with `verdictOutcome` (core/pipeline/verdicts):
 * a skipped stage is never "passed".
 */
export interface StageVerdict {
  stage: StageName;
  pass: boolean;
  /** The stage did not run for this question (`reason` says why); never counted as passed. */
  skipped?: true;
  /** Why it failed or was skipped, or a short note on what the stage found. */
  reason?: string;
}

export interface GenerationTrace {
  prompt: string;
  rawText: string;
  finishReason: FinishReason;
  /** The seed actually sent with the request. */
  seed: number;
  /** The seed was mixed from (run seed, attempt) for WebLLM rather than run seed + attempt. */
  seedMixed?: boolean;
  promptTokens: number;
  completionTokens: number;
  model: string;
}

export type QuestionStatus = 'kept' | 'rejected';

/** A person's review of a stored pair; pipeline output is never overwritten by it. */
export type ReviewStatus = 'pending' | 'accepted' | 'rejected';

export interface ReviewEdits {
  /** The edited question text; the original stays in `QuestionRecord.text`. */
  question?: string;
  /** The edited answer (response) text; the original stays on the chosen solution. */
  response?: string;
  editedAt: number;
}

/** What a person typed; fields equal to the stored original (or absent) are not kept as edits. */
export interface EditInput {
  question?: string;
  response?: string;
}

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
  /** The solver's user turn (question + instruction), when it was solved. */
  solvePrompt?: string;
  judge?: JudgeTrace;
  difficulty?: DifficultyTrace;
  duplicate?: DuplicateTrace;
  contamination?: ContaminationTrace;
  /** Engine tokens this question cost, per stage. */
  tokens?: TokensByStage;
  /** Review state; absent means 'pending' (set on save and by the v3 upgrade, indexed with status). */
  reviewStatus?: ReviewStatus;
  review?: ReviewEdits;
}

export interface SolutionRecord {
  /** `${questionId}:${index}` */
  id: string;
  questionId: string;
  runId: string;
  index: number;
  text: string;
  finishReason: FinishReason;
  /** The answer it states, as extracted for the vote (null when none). */
  answer: string | null;
  /** Whether it passed the run's answer filter (absent in runs stored before: `answer !== null`). */
  statesAnswer?: boolean;
  inMajority: boolean;
  chosen: boolean;
  completionTokens: number;
  /** Whether it could be selected (solutions without a final answer are dropped, as the paper does). */
  candidate?: boolean;
  /** Judge/reward score when a scorer ran (1–10 for the local judge), null when unreadable. */
  judgeScore?: number | null;
  /** The scorer's raw output. */
  scoreOutput?: string;
  /** Rank in the selection order, 0 = best; absent for non-candidates. */
  rank?: number;
}

export interface RunProgress {
  /** Attempts fully processed and stored (the next attempt index). */
  attempts: number;
  kept: number;
  rejected: Partial<Record<StageName, number>>;
  promptTokens: number;
  completionTokens: number;
  /** The same tokens split by the stage that spent them (absent in runs stored before it existed). */
  tokensByStage?: TokensByStage;
}

export function emptyProgress(): RunProgress {
  return {
    attempts: 0,
    kept: 0,
    rejected: {},
    promptTokens: 0,
    completionTokens: 0,
    tokensByStage: {},
  };
}

/** Tokens of one question per stage; older records without `tokens` fall back to the totals. */
export function questionTokens(
  question: QuestionRecord,
  solutions: SolutionRecord[],
): TokensByStage {
  if (question.tokens) return question.tokens;
  const solve = solutions.reduce((sum, s) => sum + s.completionTokens, 0);
  return {
    generate: {
      promptTokens: question.generation.promptTokens,
      completionTokens: question.generation.completionTokens,
    },
    ...(solutions.length ? { solve: { promptTokens: 0, completionTokens: solve } } : {}),
  };
}

export function addTokens(into: TokensByStage, stage: StageName, used: StageTokens): TokensByStage {
  const before = into[stage] ?? { promptTokens: 0, completionTokens: 0 };
  return {
    ...into,
    [stage]: {
      promptTokens: before.promptTokens + used.promptTokens,
      completionTokens: before.completionTokens + used.completionTokens,
    },
  };
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
  let tokensByStage = progress.tokensByStage ?? {};
  let promptTokens = progress.promptTokens;
  let completionTokens = progress.completionTokens;
  for (const [stage, used] of Object.entries(questionTokens(question, solutions))) {
    tokensByStage = addTokens(tokensByStage, stage as StageName, used);
    promptTokens += used.promptTokens;
    completionTokens += used.completionTokens;
  }
  return {
    attempts: Math.max(progress.attempts, question.index + 1),
    kept: progress.kept + (question.status === 'kept' ? 1 : 0),
    rejected,
    promptTokens,
    completionTokens,
    tokensByStage,
  };
}
