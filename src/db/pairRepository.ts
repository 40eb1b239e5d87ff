import type { QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';

export interface StoredPair {
  question: QuestionRow;
  solution: SolutionRow;
}

/** Kept questions with their chosen solution, newest first. */
export async function listPairs(
  db: StudioDb,
  options: { runId?: string; limit?: number } = {},
): Promise<StoredPair[]> {
  const page = await keptNewestFirst(db, options);
  const ids = page.map((q) => q.chosenSolutionId).filter((id): id is string => id !== null);
  const solutions = new Map(
    (await db.solutions.bulkGet(ids)).filter((s) => s !== undefined).map((s) => [s.id, s]),
  );
  return page.flatMap((question) => {
    const solution = question.chosenSolutionId
      ? solutions.get(question.chosenSolutionId)
      : undefined;
    return solution ? [{ question, solution }] : [];
  });
}

/**
 * Kept questions, newest first. Without a run, walks the createdAt index and stops at the limit,
 * so the live page query does not read the whole project on every write.
 */
async function keptNewestFirst(
  db: StudioDb,
  { runId, limit }: { runId?: string; limit?: number },
): Promise<QuestionRow[]> {
  if (runId === undefined) {
    const newest = db.questions
      .orderBy('createdAt')
      .reverse()
      .filter((q) => q.status === 'kept');
    return (limit === undefined ? newest : newest.limit(limit)).toArray();
  }
  const kept = await db.questions
    .where('runId')
    .equals(runId)
    .filter((q) => q.status === 'kept')
    .toArray();
  const sorted = kept.sort((a, b) => b.createdAt - a.createdAt);
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

export function countKept(db: StudioDb): Promise<number> {
  return db.questions.where('status').equals('kept').count();
}

/** Every question of a run in attempt order, kept and rejected, for the live feed. */
export function listRunQuestions(db: StudioDb, runId: string, limit = 200): Promise<QuestionRow[]> {
  return db.questions
    .where('[runId+index]')
    .between([runId, -Infinity], [runId, Infinity])
    .reverse()
    .limit(limit)
    .toArray();
}

/** Id and text of every kept question in the project, to rebuild the near-duplicate index. */
export async function listKeptQuestionTexts(db: StudioDb): Promise<{ id: string; text: string }[]> {
  const kept = await db.questions.where('status').equals('kept').toArray();
  return kept.map((q) => ({ id: q.id, text: q.text }));
}
