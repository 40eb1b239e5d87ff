import { BUILT_IN_REFERENCE_SETS } from '../filters/benchmarkSets';
import { plural } from '../text/numbers';
import type { RunConfig } from '../pipeline/runConfig';
import type { RunAggregates } from '../runs/runAggregates';
import type { CardRun } from './datasetCardInput';

/** "GSM8K test questions (1,319 questions, MIT), built into the studio"; undefined for other names. */
export function builtInDescription(source: string): string | undefined {
  const set = BUILT_IN_REFERENCE_SETS.find((s) => s.source === source);
  if (!set) return undefined;
  return `${set.title} (${plural(set.questions, 'question')}, ${set.license}), built into the studio`;
}

/**
 * The card's contamination facts of one run: the sets it was actually checked against (from
 * the aggregates, so a check that never ran names none) and the n-gram length.
 */
export function cardContamination(
  config: RunConfig,
  agg: RunAggregates,
): Pick<CardRun, 'contamination'> {
  const sets = Object.keys(agg.contamination.checkedAgainst);
  if (!sets.length) return {};
  return {
    contamination: {
      ngram: config.contamination.ngram,
      sets: sets.map((name) => {
        const description = builtInDescription(name);
        return description ? { name, description } : { name };
      }),
    },
  };
}
