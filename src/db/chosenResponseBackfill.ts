import type { Table } from 'dexie';
import type { QuestionRow, SolutionRow } from './rows';

const PAGE = 2000;

/**
 * Copies each chosen solution's text onto its question (schema v4), a page of questions at a
 * time in primary-key order so memory stays bounded on large databases.
 */
export async function backfillChosenResponses(
  questions: Table<QuestionRow, string>,
  solutions: Table<SolutionRow, string>,
): Promise<void> {
  let after = '';
  for (;;) {
    const page = await questions.where(':id').above(after).limit(PAGE).toArray();
    const last = page.at(-1);
    if (!last) return;
    after = last.id;
    const missing = page.filter(
      (q) => q.chosenSolutionId !== null && q.chosenResponse === undefined,
    );
    const chosen = await solutions.bulkGet(missing.map((q) => q.chosenSolutionId!));
    const filled = missing.flatMap((q, i) => {
      const text = chosen[i]?.text;
      return text === undefined ? [] : [{ ...q, chosenResponse: text }];
    });
    if (filled.length) await questions.bulkPut(filled);
    if (page.length < PAGE) return;
  }
}
