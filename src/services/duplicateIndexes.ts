import {
  nearDuplicateIndexes,
  wantsNearDuplicateIndex,
  type RunDuplicateIndexes,
} from '../core/dedup/dedupChecker';
import type { RunConfig } from '../core/pipeline/runConfig';
import { listKeptQuestionTexts } from '../db/pairRepository';
import type { StudioDb } from '../db/studioDb';

/** The near-duplicate indexes for a run over every question kept in the project (not only this run). */
export async function duplicateIndexesFor(
  db: StudioDb,
  config: RunConfig,
): Promise<RunDuplicateIndexes> {
  if (!wantsNearDuplicateIndex(config.dedup)) return {};
  return nearDuplicateIndexes(config.dedup, await listKeptQuestionTexts(db));
}
