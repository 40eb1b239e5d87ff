import type { ExportPair } from '../core/export/exportPair';
import type { QuestionRow, RunRow } from './rows';
import type { StudioDb } from './studioDb';

export interface ExportSelection {
  /** Runs to export, in this order; all runs of the project (oldest first) when absent. */
  runIds?: string[];
  /** Only questions a person accepted in review. */
  acceptedOnly?: boolean;
  /** Questions read per database round trip (bounded memory whatever the dataset size). */
  pageSize?: number;
}

/** Review edits replace the pipeline's text in exports; the originals stay stored. */
export function exportPairOf(question: QuestionRow, solutionText: string): ExportPair {
  return {
    query: question.review?.question ?? question.text,
    response: question.review?.response ?? solutionText,
    runId: question.runId,
    agreement: question.agreement,
    majorityAnswer: question.majorityAnswer,
  };
}

export async function exportRuns(db: StudioDb, runIds?: string[]): Promise<RunRow[]> {
  if (!runIds) return db.runs.orderBy('createdAt').toArray();
  const rows = await db.runs.bulkGet(runIds);
  return rows.filter((r): r is RunRow => r !== undefined);
}

function wanted(q: QuestionRow, acceptedOnly: boolean): boolean {
  return (
    q.status === 'kept' &&
    q.chosenSolutionId !== null &&
    (!acceptedOnly || q.reviewStatus === 'accepted')
  );
}

/**
 * Kept pairs run by run in attempt order, read a page at a time along the `[runId+index]` index
 * (each page starts after the last index read), with the chosen solutions fetched per page.
 */
export async function* readExportPairs(
  db: StudioDb,
  selection: ExportSelection = {},
): AsyncGenerator<ExportPair> {
  const pageSize = selection.pageSize ?? 2000;
  const acceptedOnly = selection.acceptedOnly ?? false;
  for (const run of await exportRuns(db, selection.runIds)) {
    let after = -Infinity;
    for (;;) {
      const page = await db.questions
        .where('[runId+index]')
        .between([run.id, after], [run.id, Infinity], false, true)
        .limit(pageSize)
        .toArray();
      if (page.length === 0) break;
      after = page[page.length - 1]!.index;
      const chosen = page.filter((q) => wanted(q, acceptedOnly));
      const solutions = await db.solutions.bulkGet(chosen.map((q) => q.chosenSolutionId!));
      for (const [i, q] of chosen.entries()) {
        const solution = solutions[i];
        if (solution) yield exportPairOf(q, solution.text);
      }
      if (page.length < pageSize) break;
    }
  }
}

/** How many pairs an export with this selection will hold. */
export async function countExportPairs(
  db: StudioDb,
  selection: Omit<ExportSelection, 'pageSize'> = {},
): Promise<number> {
  if (!selection.runIds) {
    return selection.acceptedOnly
      ? db.questions.where('[status+reviewStatus]').equals(['kept', 'accepted']).count()
      : db.questions.where('status').equals('kept').count();
  }
  let n = 0;
  for (const runId of selection.runIds) {
    n += await db.questions
      .where('runId')
      .equals(runId)
      .filter((q) => wanted(q, selection.acceptedOnly ?? false))
      .count();
  }
  return n;
}
