import {
  STAGES,
  type QuestionRecord,
  type QuestionStatus,
  type ReviewStatus,
  type SolutionRecord,
  type StageName,
} from '../pipeline/records';
import { stageViews } from '../pipeline/verdicts';

/**
 * One question as the dataset browser holds it in memory: only what a list row, the filters and
 * the search need, so 100,000 of them stay small (the full record is read on opening one).
 */
export interface BrowseRow {
  id: string;
  runId: string;
  createdAt: number;
  /** First line of the question (the edited one when edited), at most TITLE_LIMIT characters. */
  title: string;
  /** The majority (extracted) answer, null when none. */
  answer: string | null;
  agreement: number;
  /** Solutions were sampled (the solve stage ran), so agreement means something; not for imports. */
  solved: boolean;
  /** Share of solutions that missed the majority; null before the solve stage. */
  failRate: number | null;
  /** The model's five-level difficulty rating, when asked and readable. */
  rating: number | null;
  status: QuestionStatus;
  rejectedAt: StageName | null;
  /** Bit i set when stage STAGES[i] passed / failed / was skipped (did not run). */
  passed: number;
  failed: number;
  skipped: number;
  reviewStatus: ReviewStatus;
  edited: boolean;
  /** Model that generated the question (generation trace, else the run's backend model). */
  model: string;
  /** Characters of question + answer text, for sorting by length. */
  length: number;
  /** Lower-cased question and response text (originals and edits) for the full-text search. */
  searchText: string;
}

export const TITLE_LIMIT = 200;

export function stageBit(stage: StageName): number {
  return 1 << STAGES.indexOf(stage);
}

function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > TITLE_LIMIT ? `${line.slice(0, TITLE_LIMIT - 1)}…` : line;
}

/** The compact row of a stored question and its chosen solution (if any). */
export function toBrowseRow(
  question: QuestionRecord,
  chosen: Pick<SolutionRecord, 'text'> | undefined,
  runModel = '',
): BrowseRow {
  const editedQuestion = question.review?.question;
  const editedResponse = question.review?.response;
  const questionText = editedQuestion ?? question.text;
  const responseText = editedResponse ?? chosen?.text ?? '';
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { stage, view } of stageViews(question)) {
    if (view === 'passed') passed |= stageBit(stage);
    else if (view === 'failed') failed |= stageBit(stage);
    else if (view === 'skipped') skipped |= stageBit(stage);
  }
  const searchParts = [
    question.text,
    chosen?.text ?? '',
    editedQuestion ?? '',
    editedResponse ?? '',
  ];
  return {
    id: question.id,
    runId: question.runId,
    createdAt: question.createdAt,
    title: firstLine(questionText),
    answer: question.majorityAnswer,
    agreement: question.agreement,
    solved: question.verdicts.some((v) => v.stage === 'solve'),
    failRate: question.difficulty?.failRate ?? null,
    rating: question.difficulty?.rating?.level ?? null,
    status: question.status,
    rejectedAt: question.rejectedAt ?? null,
    passed,
    failed,
    skipped,
    reviewStatus: question.reviewStatus ?? 'pending',
    edited: editedQuestion !== undefined || editedResponse !== undefined,
    model: question.generation.model || runModel,
    length: questionText.length + responseText.length,
    searchText: searchParts.filter(Boolean).join('\n').toLowerCase(),
  };
}
