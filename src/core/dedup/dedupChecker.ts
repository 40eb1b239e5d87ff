import type { DuplicateChecker, DuplicateVerdict } from '../ports/checkers';
import type { DedupSettings } from '../pipeline/runConfig';
import { DedupIndex } from './dedupIndex';
import type { DedupOptions } from './dedupOptions';

/** The run's dedup settings as index options (bands × rows = permutations). */
export function dedupOptionsFor(settings: DedupSettings): Partial<DedupOptions> {
  return {
    threshold: settings.threshold,
    shingleKind: settings.shingle,
    shingleSize: settings.n,
    numPerm: settings.permutations,
    banding: { bands: settings.bands, rows: Math.floor(settings.permutations / settings.bands) },
    maskNumbers: settings.maskNumbers,
  };
}

/** MinHash-LSH near-duplicate detection (exact, near and number-masked) behind the pipeline's port. */
export class DedupIndexChecker implements DuplicateChecker {
  readonly #index: DedupIndex;

  constructor(settings: DedupSettings) {
    this.#index = new DedupIndex(dedupOptionsFor(settings));
  }

  get size(): number {
    return this.#index.size;
  }

  check(text: string): DuplicateVerdict {
    const result = this.#index.check(text);
    return result.kind === 'unique'
      ? { duplicate: false }
      : {
          duplicate: true,
          kind: result.kind,
          of: result.duplicateOf,
          similarity: result.similarity,
        };
  }

  add(id: string, text: string): void {
    this.#index.add(id, text);
  }
}

/** Whether a run's settings ask for more than the store's exact-key check. */
export function wantsNearDuplicateIndex(settings: DedupSettings): boolean {
  return settings.near || settings.maskNumbers;
}

/** The duplicate checkers of a run, as runPipeline takes them. */
export interface RunDuplicateIndexes {
  duplicates?: DuplicateChecker;
  pendingDuplicates?: () => DuplicateChecker;
}

/**
 * The near-duplicate indexes of one run start, in the studio and the CLI alike: one seeded with
 * every question already kept, and a fresh one per start for questions still in flight. Runs
 * that ask only for exact matches get none and keep the store's exact-key check.
 */
export function nearDuplicateIndexes(
  settings: DedupSettings,
  kept: Iterable<{ id: string; text: string }>,
): RunDuplicateIndexes {
  if (!wantsNearDuplicateIndex(settings)) return {};
  const index = new DedupIndexChecker(settings);
  for (const { id, text } of kept) index.add(id, text);
  return { duplicates: index, pendingDuplicates: () => new DedupIndexChecker(settings) };
}
