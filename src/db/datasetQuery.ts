import { toBrowseRow, type BrowseRow } from '../core/dataset/browseRow';
import type { ReviewCounts } from '../core/dataset/browseQuery';
import type { QuestionRow, RunRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';

/** Rows read per IndexedDB request, so memory holds one chunk of full records at a time. */
const CHUNK = 2000;

export interface RunOption {
  id: string;
  name: string;
  model: string;
}

export function runModel(run: RunRow | undefined): string {
  if (!run) return '';
  return run.backend.kind === 'webllm' ? run.backend.modelId : run.backend.model;
}

/** Runs for the browser's filter menu, newest first. */
export async function listRunOptions(db: StudioDb): Promise<RunOption[]> {
  const runs = await db.runs.orderBy('createdAt').reverse().toArray();
  return runs.map((run) => ({ id: run.id, name: run.name, model: runModel(run) }));
}

/**
 * Browse rows need only the chosen answer's text: rows since v4 carry it (`chosenResponse`), so
 * only older rows cost a solution read.
 */
async function rowsOf(db: StudioDb, questions: QuestionRow[], models: Map<string, string>) {
  const ids = questions
    .filter((q) => q.chosenResponse === undefined)
    .map((q) => q.chosenSolutionId)
    .filter((id): id is string => id !== null);
  const solutions = ids.length ? await db.solutions.bulkGet(ids) : [];
  const byId = new Map<string, Pick<SolutionRow, 'text'>>();
  for (const s of solutions) if (s) byId.set(s.id, s);
  return questions.map((q) => {
    const chosen =
      q.chosenResponse !== undefined
        ? { text: q.chosenResponse }
        : q.chosenSolutionId
          ? byId.get(q.chosenSolutionId)
          : undefined;
    return toBrowseRow(q, chosen, models.get(q.runId));
  });
}

async function runModels(db: StudioDb): Promise<Map<string, string>> {
  const runs = await db.runs.toArray();
  return new Map(runs.map((run) => [run.id, runModel(run)]));
}

/**
 * Every stored question as a compact browse row, read in primary-key chunks. With `since`, only
 * questions created at or after that time (the new rows of a running pipeline).
 */
export async function loadBrowseRows(
  db: StudioDb,
  options: { since?: number } = {},
): Promise<BrowseRow[]> {
  const models = await runModels(db);
  if (options.since !== undefined) {
    const fresh = await db.questions.where('createdAt').aboveOrEqual(options.since).toArray();
    return rowsOf(db, fresh, models);
  }
  const rows: BrowseRow[] = [];
  let after = '';
  for (;;) {
    const chunk = await db.questions.where(':id').above(after).limit(CHUNK).toArray();
    rows.push(...(await rowsOf(db, chunk, models)));
    const last = chunk.at(-1);
    if (!last || chunk.length < CHUNK) return rows;
    after = last.id;
  }
}

/** Cheap facts about the questions table that change whenever rows are added, removed or reviewed. */
export interface DatasetSignature extends ReviewCounts {
  total: number;
  newest: number;
}

export async function datasetSignature(db: StudioDb): Promise<DatasetSignature> {
  const pairs = (review: string) => [
    ['kept', review],
    ['rejected', review],
  ];
  const [total, newestRow, accepted, rejected] = await Promise.all([
    db.questions.count(),
    db.questions.orderBy('createdAt').last(),
    db.questions.where('[status+reviewStatus]').anyOf(pairs('accepted')).count(),
    db.questions.where('[status+reviewStatus]').anyOf(pairs('rejected')).count(),
  ]);
  return { total, newest: newestRow?.createdAt ?? 0, accepted, rejected };
}

/** One question with every solution (in sample order) and its run, for the detail view. */
export interface PairDetail {
  question: QuestionRow;
  solutions: SolutionRow[];
  run: RunRow | undefined;
}

export async function loadPairDetail(db: StudioDb, id: string): Promise<PairDetail | undefined> {
  const question = await db.questions.get(id);
  if (!question) return undefined;
  const [solutions, run] = await Promise.all([
    db.solutions.where('questionId').equals(id).sortBy('index'),
    db.runs.get(question.runId),
  ]);
  return { question, solutions, run };
}
