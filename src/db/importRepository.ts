import { throwIfCancelled } from '../core/import/importTypes';
import { emptyProgress } from '../core/pipeline/records';
import { defaultRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import { PACK_SIZE, packPairs, type PairText } from './pairPacks';
import type { RunRow } from '../core/runs/runRow';
import type { RunBackends } from '../core/runs/runBackends';
import { createRun } from './runRepository';
import type { StudioDb } from './studioDb';

export interface ImportedPairsInput {
  name: string;
  /** The file name, recorded in the run's history. */
  source: string;
  pairs: PairText[];
  appVersion: string;
  now?: number;
  /** Told after each slice of packs how much is written (0–1). */
  onProgress?: (fraction: number) => void;
  /** Checked between slices: once aborted, the transaction is rolled back (nothing stored). */
  signal?: { readonly aborted: boolean };
}

/**
 * Packs per bulkAdd: small enough that progress moves and a cancel is heard soon, and at least
 * 50, the size from which Dexie tells other tabs and workers "this table changed" instead of
 * listing every index key written (for packs, every pair's duplicate key: megabytes that each
 * page would have to read on its own thread).
 */
const PACKS_PER_SLICE = 64;
const MIN_SLICE = 50;

/** Slice ends: every slice `PACKS_PER_SLICE` long, the last one merged if it would be short. */
function sliceEnds(total: number): number[] {
  const ends: number[] = [];
  for (let end = PACKS_PER_SLICE; end < total; end += PACKS_PER_SLICE) {
    if (total - end < MIN_SLICE) break;
    ends.push(end);
  }
  ends.push(total);
  return ends;
}

/**
 * Imported pairs become a finished run of kind 'imported' (kept, review pending), its pairs
 * packed many to a record (see pairPacks.ts), written in one transaction: either all of the
 * file is stored or none.
 */
export async function storeImportedPairs(db: StudioDb, input: ImportedPairsInput): Promise<RunRow> {
  const now = input.now ?? Date.now();
  const id = crypto.randomUUID();
  const n = input.pairs.length;
  const packCount = Math.ceil(n / PACK_SIZE);
  const progress = { ...emptyProgress(), attempts: n, kept: n };
  const config: RunConfig = {
    ...defaultRunConfig({ targetPairs: Math.max(1, n) }),
    preset: 'imported',
  };
  const run: RunRow = {
    id,
    name: input.name,
    kind: 'imported',
    createdAt: now,
    updatedAt: now,
    status: 'done',
    config,
    progress,
    packed: { pairs: n, accepted: 0, rejected: 0 },
    appVersion: input.appVersion,
  };
  await db.transaction('rw', [db.runs, db.pairPacks, db.runEvents], async () => {
    await db.runs.add(run);
    let start = 0;
    for (const end of sliceEnds(packCount)) {
      // Throwing inside the transaction aborts it: a cancelled import leaves nothing behind.
      throwIfCancelled(input.signal);
      // Packed slice by slice (answers extracted, duplicate keys made): between two slices the
      // worker hears a cancel, and progress moves from the start.
      const packs = packPairs(
        id,
        input.pairs,
        now,
        start * PACK_SIZE,
        Math.min(n, end * PACK_SIZE),
      );
      await db.pairPacks.bulkAdd(packs);
      input.onProgress?.(end / packCount);
      start = end;
    }
    throwIfCancelled(input.signal);
    await db.runEvents.add({
      runId: id,
      at: now,
      kind: 'imported',
      message: `${n} pairs from ${input.source}`,
    });
  });
  return run;
}

export interface QuestionRunInput {
  name: string;
  source: string;
  questions: string[];
  /** Where each role's calls go (the studio's first usable server group). */
  backends: RunBackends;
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
    backends: input.backends,
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
