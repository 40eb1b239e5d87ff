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
 * The card's contamination facts of one run, from its aggregates (so a check that never ran names
 * no set): the sets it was checked against, the n-gram length, how many questions were checked
 * and found overlapping, and what the run's setting did with those (dropped, or kept flagged).
 */
export function cardContamination(
  config: RunConfig,
  agg: RunAggregates,
): Pick<CardRun, 'contamination'> {
  const { checkedAgainst, overlapping } = agg.contamination;
  const sets = Object.keys(checkedAgainst);
  if (!sets.length) return {};
  return {
    contamination: {
      ngram: config.contamination.ngram,
      checked: Math.max(...Object.values(checkedAgainst)),
      overlapping: Object.values(overlapping).reduce((sum, n) => sum + n, 0),
      action: config.contamination.action,
      dropped: agg.stages.contamination.failed,
      sets: sets.map((name) => {
        const description = builtInDescription(name);
        return description ? { name, description } : { name };
      }),
    },
  };
}
