import { flagOf, type ExportPair } from '../core/export/exportPair';
import type { ReviewRule, ReviewTally } from '../core/export/datasetCardInput';
import { chosenTexts } from './chosenTexts';
import { PACK_SIZE, packQuestions, runPackPage } from './pairPacks';
import type { QuestionRow } from './rows';
import type { RunRow } from '../core/runs/runRow';
import type { StudioDb } from './studioDb';

export interface ExportSelection {
  /** Runs to export, in this order; all runs of the project (oldest first) when absent. */
  runIds?: string[];
  /**
   * Which kept pairs go out: every one except those rejected in review (the default), or only
   * the accepted ones. Edits replace the model's text either way.
   */
  review?: Exclude<ReviewRule, 'no-review'>;
  /** Questions read per database round trip (bounded memory whatever the dataset size). */
  pageSize?: number;
  /**
   * Filled while reading: each run's kept pairs by review state, as met, so a card written after
   * the data states exactly what the file holds.
   */
  tally?: Map<string, ReviewTally>;
}

export const emptyTally = (): ReviewTally => ({
  accepted: 0,
  pending: 0,
  rejected: 0,
  edited: 0,
  flagged: 0,
});

/** Review edits replace the pipeline's text in exports; the originals stay stored. */
export function exportPairOf(question: QuestionRow, solutionText: string): ExportPair {
  return {
    query: question.review?.question ?? question.text,
    response: question.review?.response ?? solutionText,
    runId: question.runId,
    agreement: question.agreement,
    majorityAnswer: question.majorityAnswer,
    ...flagOf(question),
  };
}

export async function exportRuns(db: StudioDb, runIds?: string[]): Promise<RunRow[]> {
  if (!runIds) return db.runs.orderBy('createdAt').toArray();
  const rows = await db.runs.bulkGet(runIds);
  return rows.filter((r): r is RunRow => r !== undefined);
}

const keptPair = (q: QuestionRow) => q.status === 'kept' && q.chosenSolutionId !== null;

/** Whether a kept pair goes out under the rule. */
function included(q: QuestionRow, rule: ExportSelection['review']): boolean {
  const review = q.reviewStatus ?? 'pending';
  return rule === 'accepted-only' ? review === 'accepted' : review !== 'rejected';
}

const edited = (q: QuestionRow) =>
  q.review?.question !== undefined || q.review?.response !== undefined;

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

/** The pairs of one page, with their chosen texts (see `chosenTexts`), counted into `tally`. */
async function pagePairs(
  db: StudioDb,
  page: QuestionRow[],
  rule: ExportSelection['review'],
  tally: ReviewTally | undefined,
): Promise<ExportPair[]> {
  const kept = page.filter(keptPair);
  const chosen = kept.filter((q) => included(q, rule));
  const texts = await chosenTexts(db, chosen);
  const pairs: ExportPair[] = [];
  const written = new Set<string>();
  for (const q of chosen) {
    const text = texts.get(q.id);
    if (text === undefined) continue;
    pairs.push(exportPairOf(q, text));
    written.add(q.id);
  }
  if (tally)
    for (const q of kept) {
      // A kept row whose chosen text is gone is neither written nor counted.
      if (included(q, rule) && !written.has(q.id)) continue;
      tally[q.reviewStatus ?? 'pending'] += 1;
      if (written.has(q.id) && edited(q)) tally.edited += 1;
      if (written.has(q.id) && q.contamination?.contaminated) tally.flagged += 1;
    }
  return pairs;
}

/** Kept pairs run by run in attempt order, a page at a time (bounded memory). */
export async function* readExportPages(
  db: StudioDb,
  selection: ExportSelection = {},
): AsyncGenerator<ExportPair[]> {
  const pageSize = selection.pageSize ?? 2000;
  for (const run of await exportRuns(db, selection.runIds)) {
    let tally: ReviewTally | undefined;
    if (selection.tally) selection.tally.set(run.id, (tally = emptyTally()));
    for await (const page of runQuestionPages(db, run, pageSize)) {
      const pairs = await pagePairs(db, page, selection.review, tally);
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

/** How many pairs an export with this selection will hold (before it is written). */
export async function countExportPairs(
  db: StudioDb,
  selection: Omit<ExportSelection, 'pageSize' | 'tally'> = {},
): Promise<number> {
  const rule = selection.review;
  const runs = await exportRuns(db, selection.runIds);
  // Packed pairs are all kept with an answer: their runs' tallies count them.
  let n = 0;
  for (const { packed } of runs)
    if (packed) n += rule === 'accepted-only' ? packed.accepted : packed.pairs - packed.rejected;
  if (!selection.runIds) {
    const kept = (review: string) =>
      db.questions.where('[status+reviewStatus]').equals(['kept', review]).count();
    return n + (await kept('accepted')) + (rule === 'accepted-only' ? 0 : await kept('pending'));
  }
  for (const run of runs) {
    if (run.packed) continue;
    n += await db.questions
      .where('[runId+index]')
      .between([run.id, -Infinity], [run.id, Infinity])
      .filter((q) => keptPair(q) && included(q, rule))
      .count();
  }
  return n;
}
