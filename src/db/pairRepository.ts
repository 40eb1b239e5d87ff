import type { QuestionRow } from './rows';
import type { StudioDb } from './studioDb';

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
