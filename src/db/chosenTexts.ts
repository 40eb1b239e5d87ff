import type { QuestionRow } from './rows';
import type { StudioDb } from './studioDb';

/**
 * The chosen answer's text of each question that has one, by question id. Rows since schema v4
 * and packed pairs carry it (`chosenResponse`); older or hand-written rows cost one bulk read of
 * their chosen solutions.
 */
export async function chosenTexts(
  db: StudioDb,
  questions: readonly QuestionRow[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const missing: QuestionRow[] = [];
  for (const q of questions) {
    if (q.chosenResponse !== undefined) texts.set(q.id, q.chosenResponse);
    else if (q.chosenSolutionId !== null) missing.push(q);
  }
  if (missing.length) {
    const solutions = await db.solutions.bulkGet(missing.map((q) => q.chosenSolutionId!));
    missing.forEach((q, i) => {
      const solution = solutions[i];
      if (solution) texts.set(q.id, solution.text);
    });
  }
  return texts;
}
