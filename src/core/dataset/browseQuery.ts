import type { QuestionStatus, ReviewStatus, StageName } from '../pipeline/records';
import { stageBit, type BrowseRow } from './browseRow';

/** An inclusive range; a bound left null is open. */
export interface Range {
  min: number | null;
  max: number | null;
}

export type StageOutcome = 'rejected-at' | 'passed' | 'failed' | 'skipped';

export interface BrowseFilter {
  status: 'all' | QuestionStatus;
  /** "Rejected at stage X", "passed / failed / skipped stage X"; null = any. */
  stage: { stage: StageName; outcome: StageOutcome } | null;
  /** Difficulty band by fail rate (0–1); rows without one are left out once a bound is set. */
  failRate: Range;
  /** Difficulty band by the 1–5 rating; rows without one are left out once a bound is set. */
  rating: Range;
  /** Agreement (0–1). */
  agreement: Range;
  runId: string | null;
  model: string | null;
  review: 'all' | ReviewStatus | 'edited';
}

export type SortKey = 'newest' | 'agreement' | 'difficulty' | 'length';

export interface BrowseSort {
  key: SortKey;
  /** Largest first (newest, highest agreement, hardest, longest). */
  descending: boolean;
}

export const openRange = (): Range => ({ min: null, max: null });

/** Kept pairs of every run, whatever their review state. */
export function defaultFilter(): BrowseFilter {
  return {
    status: 'kept',
    stage: null,
    failRate: openRange(),
    rating: openRange(),
    agreement: openRange(),
    runId: null,
    model: null,
    review: 'all',
  };
}

export const defaultSort = (): BrowseSort => ({ key: 'newest', descending: true });

/** The words of a search box: lower-cased, each must occur in the question or answer text. */
export function searchTerms(input: string): string[] {
  return [...new Set(input.toLowerCase().split(/\s+/).filter(Boolean))];
}

export function matchesSearch(row: BrowseRow, terms: readonly string[]): boolean {
  for (const term of terms) if (!row.searchText.includes(term)) return false;
  return true;
}

const isOpen = (range: Range) => range.min === null && range.max === null;

function inRange(value: number | null, range: Range): boolean {
  if (isOpen(range)) return true;
  if (value === null) return false;
  return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
}

function matchesStage(row: BrowseRow, stage: NonNullable<BrowseFilter['stage']>): boolean {
  if (stage.outcome === 'rejected-at') return row.rejectedAt === stage.stage;
  const bit = stageBit(stage.stage);
  const bits =
    stage.outcome === 'passed' ? row.passed : stage.outcome === 'failed' ? row.failed : row.skipped;
  return (bits & bit) !== 0;
}

export function matchesFilter(row: BrowseRow, filter: BrowseFilter): boolean {
  if (filter.status !== 'all' && row.status !== filter.status) return false;
  if (filter.runId !== null && row.runId !== filter.runId) return false;
  if (filter.model !== null && row.model !== filter.model) return false;
  if (filter.review === 'edited') {
    if (!row.edited) return false;
  } else if (filter.review !== 'all' && row.reviewStatus !== filter.review) return false;
  if (filter.stage && !matchesStage(row, filter.stage)) return false;
  return (
    inRange(row.agreement, filter.agreement) &&
    inRange(row.failRate, filter.failRate) &&
    inRange(row.rating, filter.rating)
  );
}

/** Difficulty order: fail rate, then rating; rows without either sort as easiest. */
function difficultyOf(row: BrowseRow): number {
  return (row.failRate ?? -1) * 10 + (row.rating ?? 0);
}

const sortValue: Record<SortKey, (row: BrowseRow) => number> = {
  newest: (row) => row.createdAt,
  agreement: (row) => row.agreement,
  difficulty: difficultyOf,
  length: (row) => row.length,
};

export function sortRows(rows: BrowseRow[], sort: BrowseSort): BrowseRow[] {
  const value = sortValue[sort.key];
  const sign = sort.descending ? -1 : 1;
  // Ties fall back to the id so the order is the same on every refresh.
  return rows.sort(
    (a, b) => sign * (value(a) - value(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The rows to show: filtered, searched and sorted (a new array; `rows` is left as it is). */
export function browse(
  rows: readonly BrowseRow[],
  filter: BrowseFilter,
  sort: BrowseSort,
  terms: readonly string[] = [],
): BrowseRow[] {
  const shown = rows.filter((row) => matchesFilter(row, filter) && matchesSearch(row, terms));
  return sortRows(shown, sort);
}

export interface ReviewCounts {
  accepted: number;
  rejected: number;
}

/** Reviewed rows by decision, to compare with the database's index counts. */
export function reviewCounts(rows: readonly BrowseRow[]): ReviewCounts {
  let accepted = 0;
  let rejected = 0;
  for (const row of rows) {
    if (row.reviewStatus === 'accepted') accepted += 1;
    else if (row.reviewStatus === 'rejected') rejected += 1;
  }
  return { accepted, rejected };
}
