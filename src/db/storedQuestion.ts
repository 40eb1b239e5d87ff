import type { QuestionRow, SolutionRow } from './rows';

/**
 * The question row as written to the database: review pending unless already set, and the chosen
 * solution's text copied onto it (see `QuestionRow.chosenResponse`).
 */
export function storedQuestion(
  question: QuestionRow,
  solutions: readonly SolutionRow[],
): QuestionRow {
  const row: QuestionRow = { ...question, reviewStatus: question.reviewStatus ?? 'pending' };
  const chosen = question.chosenSolutionId;
  if (chosen !== null) {
    const solution = solutions.find((s) => s.id === chosen);
    if (solution) row.chosenResponse = solution.text;
  }
  return row;
}
