import {
  AGGREGATES_VERSION,
  emptyAggregates,
  foldAttempt,
  type RunAggregates,
} from '../core/runs/runAggregates';
import type { QuestionRecord, SolutionRecord } from '../core/pipeline/records';
import type { RunRow } from '../core/runs/runRow';
import { PACK_SIZE, packQuestions, runPackPage } from './pairPacks';
import type { QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';

/** Question rows read per request while folding a run (bounded memory at any run size). */
const PAGE = 2000;

const current = (row: RunAggregates | undefined): row is RunAggregates =>
  row?.version === AGGREGATES_VERSION;

/**
 * The aggregates after storing one more attempt, inside the caller's transaction (which must
 * include `runAggregates`). Undefined when the run has stored attempts but no current
 * aggregates (stored before v6, or by an older counting): those are recomputed from the rows
 * by `ensureRunAggregates`, which will count this attempt too.
 */
export async function nextAggregates(
  db: StudioDb,
  run: RunRow,
  question: QuestionRecord,
  solutions: readonly SolutionRecord[],
): Promise<RunAggregates | undefined> {
  const stored = await db.runAggregates.get(run.id);
  if (!current(stored) && run.progress.attempts > 0) return undefined;
  const agg = current(stored) ? stored : emptyAggregates(run.id);
  foldAttempt(agg, question, solutions);
  return agg;
}

/** The solutions of the rows that predate per-stage tokens (their tokens come from them). */
async function legacySolutions(
  db: StudioDb,
  rows: readonly QuestionRow[],
): Promise<Map<string, SolutionRow[]>> {
  const ids = rows.filter((q) => !q.tokens).map((q) => q.id);
  const byQuestion = new Map<string, SolutionRow[]>();
  if (!ids.length) return byQuestion;
  for (const s of await db.solutions.where('questionId').anyOf(ids).toArray())
    byQuestion.set(s.questionId, [...(byQuestion.get(s.questionId) ?? []), s]);
  return byQuestion;
}

/** Folds every stored attempt of a run, in attempt order, a page at a time. */
async function foldStoredAttempts(db: StudioDb, run: RunRow): Promise<RunAggregates> {
  const agg = emptyAggregates(run.id);
  let after = -Infinity;
  for (;;) {
    const rows: QuestionRow[] = run.packed
      ? (await runPackPage(db, run.id, after, Math.ceil(PAGE / PACK_SIZE))).flatMap(packQuestions)
      : await db.questions
          .where('[runId+index]')
          .between([run.id, after], [run.id, Infinity], false, true)
          .limit(PAGE)
          .toArray();
    if (!rows.length) return agg;
    const solutions = await legacySolutions(db, rows);
    for (const q of rows) foldAttempt(agg, q, solutions.get(q.id) ?? []);
    after = rows.at(-1)!.index;
  }
}

/**
 * A run's aggregates, computing and storing them once when the run has none yet (runs stored
 * before v6). The fold and the write happen in one transaction with the question rows, so an
 * attempt stored meanwhile is counted exactly once. Undefined for an unknown run.
 */
export async function ensureRunAggregates(
  db: StudioDb,
  runId: string,
): Promise<RunAggregates | undefined> {
  const stored = await db.runAggregates.get(runId);
  if (current(stored)) return stored;
  return db.transaction(
    'rw',
    [db.runs, db.questions, db.solutions, db.pairPacks, db.runAggregates],
    async () => {
      const again = await db.runAggregates.get(runId);
      if (current(again)) return again;
      const run = await db.runs.get(runId);
      if (!run) return undefined;
      const agg = await foldStoredAttempts(db, run);
      await db.runAggregates.put(agg);
      return agg;
    },
  );
}

/** The stored aggregates of a run as they are (for live queries; `ensureRunAggregates` fills gaps). */
export async function getRunAggregates(
  db: StudioDb,
  runId: string,
): Promise<RunAggregates | undefined> {
  const row = await db.runAggregates.get(runId);
  return current(row) ? row : undefined;
}
