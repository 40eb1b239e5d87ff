import type { ExportPair } from '../core/export/exportPair';
import { chosenTexts } from './chosenTexts';
import { PACK_SIZE, packQuestions, runPackPage } from './pairPacks';
import type { QuestionRow } from './rows';
import type { RunRow } from '../core/runs/runRow';
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
 * One page of a run's questions after attempt `after`: along the `[runId+index]` index, or for
 * a packed run the packs after the one that held `after` (a page then ends on a pack boundary).
 */
async function questionPage(
  db: StudioDb,
  run: RunRow,
  after: number,
  size: number,
): Promise<QuestionRow[]> {
  if (!run.packed)
    return db.questions
      .where('[runId+index]')
      .between([run.id, after], [run.id, Infinity], false, true)
      .limit(size)
      .toArray();
  // Enough packs to fill the page, so a short page still means the run has no more.
  const packs = await runPackPage(db, run.id, after, Math.ceil(size / PACK_SIZE));
  return packs.flatMap(packQuestions);
}

/** Pages read ahead of the consumer: enough to keep IndexedDB busy while a writer encodes. */
const READ_AHEAD = 4;

/**
 * A run's questions page by page. Up to `READ_AHEAD` pages are read before the caller asks for
 * them (each page starts after the previous one's last index, so reads are chained), so the
 * database keeps reading while the caller encodes a large batch (a Parquet row group).
 */
async function* runQuestionPages(
  db: StudioDb,
  run: RunRow,
  size: number,
): AsyncGenerator<QuestionRow[]> {
  const ready: Promise<QuestionRow[]>[] = [];
  let after: number | undefined = -Infinity;
  let reading = false;
  const readNext = () => {
    if (reading || after === undefined) return;
    reading = true;
    const page = questionPage(db, run, after, size).then((rows) => {
      after = rows.length >= size ? rows.at(-1)!.index : undefined;
      reading = false;
      if (ready.length < READ_AHEAD) readNext();
      return rows;
    });
    // Awaited when its turn comes; this only keeps an abandoned read from counting as unhandled.
    page.catch(() => undefined);
    ready.push(page);
  };
  readNext();
  while (ready.length) {
    const page = await ready.shift()!;
    readNext();
    if (page.length) yield page;
  }
}

/** The pairs of one page, with their chosen texts (see `chosenTexts`). */
async function pagePairs(
  db: StudioDb,
  page: QuestionRow[],
  acceptedOnly: boolean,
): Promise<ExportPair[]> {
  const chosen = page.filter((q) => wanted(q, acceptedOnly));
  const texts = await chosenTexts(db, chosen);
  const pairs: ExportPair[] = [];
  for (const q of chosen) {
    const text = texts.get(q.id);
    if (text !== undefined) pairs.push(exportPairOf(q, text));
  }
  return pairs;
}

/** Kept pairs run by run in attempt order, a page at a time (bounded memory). */
export async function* readExportPages(
  db: StudioDb,
  selection: ExportSelection = {},
): AsyncGenerator<ExportPair[]> {
  const pageSize = selection.pageSize ?? 2000;
  const acceptedOnly = selection.acceptedOnly ?? false;
  for (const run of await exportRuns(db, selection.runIds)) {
    for await (const page of runQuestionPages(db, run, pageSize)) {
      const pairs = await pagePairs(db, page, acceptedOnly);
      if (pairs.length) yield pairs;
    }
  }
}

/** Kept pairs run by run in attempt order, one at a time (see `readExportPages`). */
export async function* readExportPairs(
  db: StudioDb,
  selection: ExportSelection = {},
): AsyncGenerator<ExportPair> {
  for await (const page of readExportPages(db, selection)) yield* page;
}

/** How many pairs an export with this selection will hold. */
export async function countExportPairs(
  db: StudioDb,
  selection: Omit<ExportSelection, 'pageSize'> = {},
): Promise<number> {
  const acceptedOnly = selection.acceptedOnly ?? false;
  const runs = await exportRuns(db, selection.runIds);
  // Packed pairs are all kept with an answer: their runs' tallies count them.
  let n = 0;
  for (const { packed } of runs) if (packed) n += acceptedOnly ? packed.accepted : packed.pairs;
  if (!selection.runIds) {
    return (
      n +
      (await (acceptedOnly
        ? db.questions.where('[status+reviewStatus]').equals(['kept', 'accepted']).count()
        : db.questions.where('status').equals('kept').count()))
    );
  }
  for (const run of runs) {
    if (run.packed) continue;
    n += await db.questions
      .where('runId')
      .equals(run.id)
      .filter((q) => wanted(q, acceptedOnly))
      .count();
  }
  return n;
}
