import * as Comlink from 'comlink';
import type { DedupEntry, DedupResult } from '../src/core/dedup/dedupIndex';
import { DedupIndex } from '../src/core/dedup/dedupIndex';
import type { DedupOptions } from '../src/core/dedup/dedupOptions';

let index = new DedupIndex();

/** Thin shell: the page keeps the DB, this worker keeps a DedupIndex off the main thread. */
const api = {
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
};

Comlink.expose(api);
export type DedupWorkerApi = typeof api;
