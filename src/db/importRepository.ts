import { advanceProgress, emptyProgress } from '../core/pipeline/records';
import { defaultRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import { pairRecords, type PairText } from './pairRecords';
import { DEFAULT_PROJECT_ID, type RunBackend, type RunRow } from './rows';
import { createRun } from './runRepository';
import type { StudioDb } from './studioDb';
import { storedQuestion } from './storedQuestion';

export interface ImportedPairsInput {
  name: string;
  /** The file name, recorded in the run's history. */
  source: string;
  pairs: PairText[];
  appVersion: string;
  now?: number;
}

/**
 * Imported pairs become a finished run of kind 'imported' (kept, review pending), written with
 * its questions and solutions in one transaction: either all of the file is stored or none.
 */
export async function storeImportedPairs(db: StudioDb, input: ImportedPairsInput): Promise<RunRow> {
  const now = input.now ?? Date.now();
  const id = crypto.randomUUID();
  const records = input.pairs.map((pair, i) => pairRecords(id, i, pair, now));
  let progress = emptyProgress();
  for (const r of records) progress = advanceProgress(progress, r.question, r.solutions);
  const config: RunConfig = {
    ...defaultRunConfig({ targetPairs: Math.max(1, records.length) }),
    preset: 'imported',
  };
  const run: RunRow = {
    id,
    projectId: DEFAULT_PROJECT_ID,
    name: input.name,
    kind: 'imported',
    createdAt: now,
    updatedAt: now,
    status: 'done',
    config,
    backend: { kind: 'remote', baseUrl: '', model: '' },
    progress,
    appVersion: input.appVersion,
  };
  await db.transaction('rw', [db.runs, db.questions, db.solutions, db.runEvents], async () => {
    await db.runs.add(run);
    await db.questions.bulkAdd(records.map((r) => storedQuestion(r.question, r.solutions)));
    await db.solutions.bulkAdd(records.flatMap((r) => r.solutions));
    await db.runEvents.add({
      runId: id,
      at: now,
      kind: 'imported',
      message: `${records.length} pairs from ${input.source}`,
    });
  });
  return run;
}

export interface QuestionRunInput {
  name: string;
  source: string;
  questions: string[];
  backend: RunBackend;
  appVersion: string;
  /** Settings to solve with; the studio default otherwise. */
  config?: RunConfig;
}

/**
 * A run that solves imported questions instead of generating them: its config carries them as
 * `source`, one attempt per question. It starts "ready"; the person starts it like any run.
 */
export async function createQuestionRun(db: StudioDb, input: QuestionRunInput): Promise<RunRow> {
  const n = input.questions.length;
  const base = input.config ?? defaultRunConfig({ targetPairs: n });
  const config: RunConfig = {
    ...base,
    targetPairs: n,
    maxAttempts: n,
    source: { kind: 'imported', name: input.source, questions: [...input.questions] },
  };
  const run = await createRun(db, {
    name: input.name,
    config,
    backend: input.backend,
    appVersion: input.appVersion,
  });
  await db.runEvents.add({
    runId: run.id,
    at: Date.now(),
    kind: 'imported',
    message: `${n} questions to solve from ${input.source}`,
  });
  return run;
}
