import type { DedupEntry, DedupResult } from '../core/dedup/dedupIndex';
import { DedupIndex } from '../core/dedup/dedupIndex';
import type { DedupOptions } from '../core/dedup/dedupOptions';
import type { ContaminationVerdict, DuplicateVerdict } from '../core/ports/checkers';
import type { RunConfig } from '../core/pipeline/runConfig';
import type { StudioDb } from '../db/studioDb';
import type { BundledReferenceLoader } from './builtInReferenceSets';
import { inThreadRunIndexes, type RunIndexes } from './runIndexes';

export interface DedupWorkerDeps {
  db: StudioDb;
  bundled?: BundledReferenceLoader;
}

/** What a run's indexes in the worker offer; the handle names them in later calls. */
export interface OpenedRunIndexes {
  handle: number;
  duplicates: boolean;
  /** The reference sets of the contamination index, when the run has one. */
  contamination: { sources: string[] } | null;
}

/**
 * What workers/dedup.worker.ts exposes: a DedupIndex for large batches, and the project-wide
 * indexes of runs that execute on the page (local WebLLM runs), so neither the index over every
 * kept question nor the n-gram index of the reference sets is built or queried on the UI thread.
 */
export function createDedupWorkerApi(deps: DedupWorkerDeps) {
  let index = new DedupIndex();
  const runs = new Map<number, RunIndexes>();
  const buildIndexes = inThreadRunIndexes(deps.bundled);
  let nextHandle = 1;
  const opened = (handle: number): RunIndexes => {
    const indexes = runs.get(handle);
    if (!indexes) throw new Error(`No open run indexes #${handle}`);
    return indexes;
  };

  return {
    /** Starts a fresh index; returns its paramsKey so stored entries can be checked for reuse. */
    reset(options: Partial<DedupOptions> = {}): string {
      index = new DedupIndex(options);
      return index.paramsKey;
    },
    /** Loads stored entries (e.g. every question of the project); returns the index size. */
    loadEntries(entries: DedupEntry[]): number {
      for (const entry of entries) index.addEntry(entry);
      return index.size;
    },
    /** Checks each question in order and indexes the unique ones. */
    checkAndAddBatch(questions: { id: string; text: string }[]): DedupResult[] {
      return questions.map((q) => index.checkAndAdd(q.id, q.text));
    },
    /** Plain-data entries for texts (to store with the questions), without adding them. */
    entriesFor(questions: { id: string; text: string }[]): DedupEntry[] {
      return questions.map((q) => index.entryFor(q.id, q.text));
    },
    size(): number {
      return index.size;
    },

    /** Builds a run's project-wide duplicate index and contamination index from the database. */
    async openRun(config: RunConfig): Promise<OpenedRunIndexes> {
      const indexes = await buildIndexes(deps.db, config);
      const handle = nextHandle++;
      runs.set(handle, indexes);
      return {
        handle,
        duplicates: indexes.duplicates !== undefined,
        contamination: indexes.contamination
          ? { sources: [...indexes.contamination.sources] }
          : null,
      };
    },
    async checkDuplicate(handle: number, text: string): Promise<DuplicateVerdict> {
      const duplicates = opened(handle).duplicates;
      return duplicates ? duplicates.check(text) : { duplicate: false };
    },
    async addDuplicate(handle: number, id: string, text: string): Promise<void> {
      await opened(handle).duplicates?.add(id, text);
    },
    async checkContamination(handle: number, text: string): Promise<ContaminationVerdict> {
      const contamination = opened(handle).contamination;
      return contamination ? contamination.check(text) : { contaminated: false, overlap: 0 };
    },
    closeRun(handle: number): void {
      runs.delete(handle);
    },
  };
}

export type DedupWorkerApi = ReturnType<typeof createDedupWorkerApi>;
