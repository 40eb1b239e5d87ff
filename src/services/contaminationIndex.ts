import type { ReferenceTexts } from '../core/filters/benchmarkSets';
import { ContaminationIndex } from '../core/filters/contamination';
import type { ContaminationChecker, ContaminationVerdict } from '../core/ports/checkers';
import type { ContaminationSettings } from '../core/pipeline/runConfig';
import { listReferenceSets } from '../db/referenceSetRepository';
import type { StudioDb } from '../db/studioDb';
import type { BundledReferenceLoader } from './builtInReferenceSets';

/** Adapts the n-gram index to the pipeline's port (only what the trace keeps). */
class IndexContaminationChecker implements ContaminationChecker {
  constructor(private readonly index: ContaminationIndex) {}

  get sources(): readonly string[] {
    return this.index.sources;
  }

  check(text: string): ContaminationVerdict {
    const { contaminated, source, overlap } = this.index.check(text);
    return { contaminated, overlap, ...(source !== undefined ? { source } : {}) };
  }
}

let cached: { key: string; checker: ContaminationChecker } | undefined;

/**
 * The contamination check for a run: n-grams of the built-in benchmark sets plus every imported
 * reference set, or undefined when the run has it off or there is nothing to compare with.
 * The last index built is reused while the sets and n stay the same, so restarting a run does
 * not rebuild it.
 */
export async function contaminationCheckerFor(
  db: StudioDb,
  settings: ContaminationSettings,
  bundled: BundledReferenceLoader,
): Promise<ContaminationChecker | undefined> {
  if (!settings.enabled) return undefined;
  const imported = await listReferenceSets(db);
  const sets: ReferenceTexts[] = [
    ...(await bundled()),
    ...imported.map((row) => ({ source: row.name, texts: row.texts })),
  ].filter((s) => s.texts.length > 0);
  if (sets.length === 0) return undefined;
  const key = JSON.stringify([
    settings.ngram,
    imported.map((r) => [r.id, r.createdAt, r.texts.length]),
    sets.map((s) => [s.source, s.texts.length]),
  ]);
  if (cached?.key !== key) {
    const index = ContaminationIndex.fromSets(sets, { n: settings.ngram });
    cached = { key, checker: new IndexContaminationChecker(index) };
  }
  return cached.checker;
}
