import { hashString53 } from '../core/dedup/hash32';
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

/** What the index is built from: n and every set's name and texts (a fingerprint of them). */
function indexKey(n: number, sets: readonly ReferenceTexts[]): string {
  return JSON.stringify([
    n,
    sets.map((s) => [s.source, s.texts.length, hashString53(s.texts.join('\u0000'))]),
  ]);
}

/**
 * The contamination check for a run: n-grams of the built-in benchmark sets plus every imported
 * reference set, or undefined when the run has it off or there is nothing to compare with.
 * The last index built is reused while n and the sets' texts stay the same, so restarting a run
 * does not rebuild it; a set written again with other texts (even under its old id) does.
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
  const key = indexKey(settings.ngram, sets);
  if (cached?.key !== key) {
    const index = ContaminationIndex.fromSets(sets, { n: settings.ngram });
    cached = { key, checker: new IndexContaminationChecker(index) };
  }
  return cached.checker;
}
