import { DedupIndexChecker, wantsNearDuplicateIndex } from '../core/dedup/dedupChecker';
import type { RunConfig } from '../core/pipeline/runConfig';
import type { RunPipelineOptions } from '../core/pipeline/runPipeline';
import { listKeptQuestionTexts } from '../db/pairRepository';
import type { StudioDb } from '../db/studioDb';

type DuplicateOptions = Pick<RunPipelineOptions, 'duplicates' | 'pendingDuplicates'>;

/**
 * The near-duplicate indexes for a run: one over every question already kept in the project
 * (not only this run), and a fresh one per start for questions still in flight. Runs that ask
 * only for exact matches keep the store's exact-key check.
 */
export async function duplicateIndexesFor(
  db: StudioDb,
  config: RunConfig,
): Promise<DuplicateOptions> {
  if (!wantsNearDuplicateIndex(config.dedup)) return {};
  const kept = new DedupIndexChecker(config.dedup);
  for (const { id, text } of await listKeptQuestionTexts(db)) kept.add(id, text);
  return { duplicates: kept, pendingDuplicates: () => new DedupIndexChecker(config.dedup) };
}
