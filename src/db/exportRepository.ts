import { scaleQuestLine } from '../core/export/scaleQuestJsonl';
import type { StudioDb } from './studioDb';

/** Kept pairs in the ScaleQuest schema, built in chunks so the whole set is never one string. */
export async function exportScaleQuestJsonl(db: StudioDb): Promise<Blob> {
  const parts: string[] = [];
  const kept = await db.questions.where('status').equals('kept').sortBy('createdAt');
  for (let i = 0; i < kept.length; i += 500) {
    const chunk = kept.slice(i, i + 500);
    const ids = chunk.map((q) => q.chosenSolutionId).filter((id): id is string => id !== null);
    const solutions = await db.solutions.bulkGet(ids);
    const byId = new Map(solutions.filter((s) => s !== undefined).map((s) => [s.id, s]));
    let text = '';
    for (const q of chunk) {
      const solution = q.chosenSolutionId ? byId.get(q.chosenSolutionId) : undefined;
      if (solution) text += scaleQuestLine({ query: q.text, response: solution.text });
    }
    parts.push(text);
  }
  return new Blob(parts, { type: 'application/jsonl' });
}
