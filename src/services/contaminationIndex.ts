import {
  BENCHMARK_FILES,
  jsonlField,
  type BenchmarkFile,
  type ReferenceTexts,
} from '../core/filters/benchmarkSets';
import { ContaminationIndex } from '../core/filters/contamination';
import type { ContaminationChecker, ContaminationVerdict } from '../core/ports/checkers';
import type { ContaminationSettings } from '../core/pipeline/runConfig';
import { listReferenceSets } from '../db/referenceSetRepository';
import type { StudioDb } from '../db/studioDb';

/** Loads the benchmark test sets deployed with the app (an empty list when there are none). */
export type BundledReferenceLoader = () => Promise<ReferenceTexts[]>;

export const noBundledReferences: BundledReferenceLoader = () => Promise.resolve([]);

/**
 * The benchmark files listed in `<base>reference/index.json` (written by the Vite plugin for
 * the files present at build time). A missing index or file only means fewer reference sets.
 * Sets once loaded are kept for the loader's lifetime (they ship with the app and never change).
 */
export function fetchBundledReferenceSets(
  fetchFn: (url: string) => Promise<Response>,
  base: string,
): BundledReferenceLoader {
  let loaded: ReferenceTexts[] | undefined;
  return async () => {
    if (loaded) return loaded;
    const sets = await fetchAll(fetchFn, base);
    if (sets.length > 0) loaded = sets;
    return sets;
  };
}

async function fetchAll(
  fetchFn: (url: string) => Promise<Response>,
  base: string,
): Promise<ReferenceTexts[]> {
  const index = await fetchFn(`${base}reference/index.json`).catch(() => undefined);
  if (!index?.ok) return [];
  const listed = (await index.json()) as BenchmarkFile[];
  const known = listed.filter((f) => BENCHMARK_FILES.some((b) => b.file === f.file));
  const sets = await Promise.all(
    known.map(async ({ source, file, field }) => {
      const response = await fetchFn(`${base}reference/${file}`).catch(() => undefined);
      return response?.ok ? { source, texts: jsonlField(await response.text(), field) } : null;
    }),
  );
  return sets.filter((s): s is ReferenceTexts => s !== null && s.texts.length > 0);
}

/** Adapts the n-gram index to the pipeline's port (only what the trace keeps). */
class IndexContaminationChecker implements ContaminationChecker {
  constructor(private readonly index: ContaminationIndex) {}

  check(text: string): ContaminationVerdict {
    const { contaminated, source, overlap } = this.index.check(text);
    return { contaminated, overlap, ...(source !== undefined ? { source } : {}) };
  }
}

let cached: { key: string; checker: ContaminationChecker } | undefined;

/**
 * The contamination check for a run: n-grams of every imported reference set plus the bundled
 * benchmark sets, or undefined when the run has it off or there is nothing to compare with.
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
    ...imported.map((row) => ({ source: row.name, texts: row.texts })),
    ...(await bundled()),
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
