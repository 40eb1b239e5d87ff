import { toBrowseRow, type BrowseRow } from '../core/dataset/browseRow';
import type { ReviewCounts } from '../core/dataset/browseQuery';
import {
  eachPackChunk,
  findPackedPair,
  packedQuestion,
  packedSolution,
  packQuestions,
} from './pairPacks';
import { chosenTexts } from './chosenTexts';
import type { QuestionRow } from './rows';
import type { RunRow } from '../core/runs/runRow';
import { backendModel } from '../core/runs/runBackends';
import type { PairDetail } from '../core/dataset/pairDetail';
import type { StudioDb } from './studioDb';

/** Rows read per IndexedDB request, so memory holds one chunk of full records at a time. */
const CHUNK = 2000;

export interface RunOption {
  id: string;
  name: string;
  model: string;
}

/** The generator's model ('' for imported pairs, which no model of ours wrote). */
export function runModel(run: RunRow | undefined): string {
  return run?.backends ? backendModel(run.backends.generate) : '';
}

/** Runs for the browser's filter menu, newest first. */
export async function listRunOptions(db: StudioDb): Promise<RunOption[]> {
  const runs = await db.runs.orderBy('createdAt').reverse().toArray();
  return runs.map((run) => ({ id: run.id, name: run.name, model: runModel(run) }));
}

/** Browse rows need only the chosen answer's text (see `chosenTexts`). */
async function rowsOf(db: StudioDb, questions: QuestionRow[], models: Map<string, string>) {
  const texts = await chosenTexts(db, questions);
  return questions.map((q) => {
    const text = texts.get(q.id);
    return toBrowseRow(q, text === undefined ? undefined : { text }, models.get(q.runId));
  });
}

async function runModels(db: StudioDb): Promise<Map<string, string>> {
  const runs = await db.runs.toArray();
  return new Map(runs.map((run) => [run.id, runModel(run)]));
}

/**
 * Every stored question as a compact browse row, read in primary-key chunks, packed (imported)
 * pairs after question rows. With `since`, only rows created at or after that time (the new
 * rows of a running pipeline), packs only after it (see `eachPackChunk`).
 */
export async function loadBrowseRows(
  db: StudioDb,
  options: { since?: number } = {},
): Promise<BrowseRow[]> {
  const models = await runModels(db);
  const rows: BrowseRow[] = [];
  if (options.since !== undefined) {
    const fresh = await db.questions.where('createdAt').aboveOrEqual(options.since).toArray();
    for (const row of await rowsOf(db, fresh, models)) rows.push(row);
  } else {
    let after = '';
    for (;;) {
      const chunk = await db.questions.where(':id').above(after).limit(CHUNK).toArray();
      for (const row of await rowsOf(db, chunk, models)) rows.push(row);
      const last = chunk.at(-1);
      if (!last || chunk.length < CHUNK) break;
      after = last.id;
    }
  }
  for await (const packs of eachPackChunk(db, options)) {
    for (const pack of packs) {
      const model = models.get(pack.runId);
      for (const q of packQuestions(pack))
        rows.push(toBrowseRow(q, { text: q.chosenResponse! }, model));
    }
  }
  return rows;
}

/** Cheap facts about the questions table that change whenever rows are added, removed or reviewed. */
export interface DatasetSignature extends ReviewCounts {
  total: number;
  newest: number;
}

/** Packed pairs are counted from their runs' tallies, so this never reads a pack's texts. */
export async function datasetSignature(db: StudioDb): Promise<DatasetSignature> {
  const pairs = (review: string) => [
    ['kept', review],
    ['rejected', review],
  ];
  const [total, newestRow, newestPack, accepted, rejected, runs] = await Promise.all([
    db.questions.count(),
    db.questions.orderBy('createdAt').last(),
    db.pairPacks.orderBy('createdAt').reverse().limit(1).keys(),
    db.questions.where('[status+reviewStatus]').anyOf(pairs('accepted')).count(),
    db.questions.where('[status+reviewStatus]').anyOf(pairs('rejected')).count(),
    db.runs.toArray(),
  ]);
  const signature = {
    total,
    newest: Math.max(newestRow?.createdAt ?? 0, Number(newestPack[0] ?? 0)),
    accepted,
    rejected,
  };
  for (const { packed } of runs) {
    if (!packed) continue;
    signature.total += packed.pairs;
    signature.accepted += packed.accepted;
    signature.rejected += packed.rejected;
  }
  return signature;
}

/** One question with every solution (in sample order) and its run, for the detail view. */
export async function loadPairDetail(db: StudioDb, id: string): Promise<PairDetail | undefined> {
  const question = await db.questions.get(id);
  if (!question) {
    const found = await findPackedPair(db, id);
    if (!found) return undefined;
    const { pack, pair } = found;
    return {
      question: packedQuestion(pack, pair),
      solutions: [packedSolution(pack.runId, pair)],
      run: await db.runs.get(pack.runId),
    };
  }
  const [solutions, run] = await Promise.all([
    db.solutions.where('questionId').equals(id).sortBy('index'),
    db.runs.get(question.runId),
  ]);
  return { question, solutions, run };
}
