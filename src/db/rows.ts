import type { QuestionRecord, ReviewEdits, ReviewStatus } from '../core/pipeline/records';
import type { StoredCustomModel } from '../engine/webllm/customModelStore';

/** One imported pair inside a pack: its texts and what review added. */
export interface PackedPair {
  index: number;
  query: string;
  response: string;
  /** The answer extracted from `response` when it was stored. */
  answer: string | null;
  dedupKey: string;
  reviewStatus: ReviewStatus;
  review?: ReviewEdits;
}

/** Up to `PACK_SIZE` consecutive pairs of one imported run (see db/pairPacks.ts). */
export interface PairPackRow {
  /** `${runId}/${first}` */
  id: string;
  runId: string;
  /** Index of the first pair; pairs follow without gaps. */
  first: number;
  createdAt: number;
  /** Every pair's `dedupKey` (a multi-entry index: exact-duplicate lookups across the project). */
  dedupKeys: string[];
  pairs: PackedPair[];
}

/** A custom WebLLM model added by URL; `id` is the record's model_id. */
export interface CustomModelRow extends StoredCustomModel {
  id: string;
}

export type { SolutionRecord as SolutionRow } from '../core/pipeline/records';

/** A question as stored: the pipeline's record plus what the database keeps beside it. */
export interface QuestionRow extends QuestionRecord {
  /**
   * The chosen solution's text, copied onto the question when it is stored (schema v4) so an
   * export reads one row per pair. The solution row stays the source of truth; rows written
   * before v4 or by hand may lack it, and readers then fetch the solution.
   */
  chosenResponse?: string;
}

/** One cached engine response, keyed by a hash of the full request payload (model, prompt, seed…). */
export interface RequestCacheRow {
  key: string;
  runId: string;
  /** The engine's result as returned (CompletionResult / ChatResult), structured-cloneable. */
  response: unknown;
  createdAt: number;
}

/** Something that happened to a run (started, paused, resumed, quota, error), for its history. */
export interface RunEventRow {
  id?: number;
  runId: string;
  at: number;
  kind: string;
  message: string;
}

/** A reference test set imported for the contamination check. */
export interface ReferenceSetRow {
  id: string;
  name: string;
  createdAt: number;
  /** Source file name, for the person's memory. */
  source: string;
  texts: string[];
}

/**
 * A run's whole-run figures (schema v6), keyed by run id; the shape is `RunAggregates` of
 * core/runs/runAggregates.ts, which documents every field.
 */
export type { RunAggregates as RunAggregatesRow } from '../core/runs/runAggregates';
