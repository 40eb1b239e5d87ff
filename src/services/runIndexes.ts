import type { RunConfig } from '../core/pipeline/runConfig';
import type { StudioDb } from '../db/studioDb';
import { noBundledReferences, type BundledReferenceLoader } from './builtInReferenceSets';
import { contaminationCheckerFor } from './contaminationIndex';
import { duplicateIndexesFor } from './duplicateIndexes';
import type { PipelineIndexes } from './runAssembly';

export interface RunIndexes extends PipelineIndexes {
  /** Frees what the indexes hold elsewhere (e.g. in the dedup worker) once the run stops. */
  release?: () => void;
}

/** Builds a run's indexes at its start (each start, so questions kept meanwhile count). */
export type RunIndexesFactory = (db: StudioDb, config: RunConfig) => Promise<RunIndexes>;

/**
 * Indexes built in this thread: right inside the pipeline worker (remote runs), where building
 * them never blocks the page.
 */
export function inThreadRunIndexes(
  bundled: BundledReferenceLoader = noBundledReferences,
): RunIndexesFactory {
  return async (db, config) => {
    const duplicates = await duplicateIndexesFor(db, config);
    const contamination = await contaminationCheckerFor(db, config.contamination, bundled);
    return { ...duplicates, ...(contamination ? { contamination } : {}) };
  };
}
