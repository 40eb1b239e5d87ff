import { eachPackChunk, findPackedPair, lastPackedQuestions, packedSolution } from './pairPacks';
import type { QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';

/** The newest `limit` questions of a run, newest first, kept and rejected, for the live feed. */
export async function listRunQuestions(
  db: StudioDb,
  runId: string,
  limit = 200,
): Promise<QuestionRow[]> {
  const rows = await db.questions
    .where('[runId+index]')
    .between([runId, -Infinity], [runId, Infinity])
    .reverse()
    .limit(limit)
    .toArray();
  return rows.length ? rows : lastPackedQuestions(db, runId, limit);
}

/** Id and text of every kept question in the project, to rebuild the near-duplicate index. */
export async function listKeptQuestionTexts(db: StudioDb): Promise<{ id: string; text: string }[]> {
  const kept = await db.questions.where('status').equals('kept').toArray();
  const texts = kept.map((q) => ({ id: q.id, text: q.text }));
  for await (const packs of eachPackChunk(db))
    for (const pack of packs)
      for (const pair of pack.pairs)
        texts.push({ id: `${pack.runId}:${pair.index}`, text: pair.query });
  return texts;
}

/** A question's stored solutions in sample order (a packed pair has its one answer). */
export async function listSolutions(db: StudioDb, questionId: string): Promise<SolutionRow[]> {
  const rows = await db.solutions.where('questionId').equals(questionId).sortBy('index');
  if (rows.length) return rows;
  const packed = await findPackedPair(db, questionId);
  return packed ? [packedSolution(packed.pack.runId, packed.pair)] : [];
}

/**
 * A run's questions newest first, at most `limit`, handed to `visit` one at a time (never an
 * array of them all: the Explain picker looks through thousands).
 */
export async function eachRunQuestion(
  db: StudioDb,
  runId: string,
  limit: number,
  visit: (question: QuestionRow) => void,
): Promise<void> {
  await db.questions
    .where('[runId+index]')
    .between([runId, -Infinity], [runId, Infinity])
    .reverse()
    .limit(limit)
    .each(visit);
}

/** One stored question by id (undefined when there is none, or it sits in an imported pack). */
export async function getQuestion(db: StudioDb, id: string): Promise<QuestionRow | undefined> {
  return db.questions.get(id);
}
