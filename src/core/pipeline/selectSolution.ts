import { majorityVote, type MajorityResult } from '../answers/majorityVote';
import type { SolvedSample } from './solveQuestion';

export interface SelectionOptions {
  /** The vote over the samples' answers, when the caller has it (otherwise it is taken here). */
  majority?: MajorityResult;
  /** Decimal places for rounded-decimal answers (the run's grading precision). */
  precision?: number;
  /** Agreement with the majority answer is the first score. */
  preferMajority: boolean;
  /** Solutions that fail the answer filter cannot be chosen. */
  dropUnanswered: boolean;
  /** Per sample, a judge/reward score (higher is better); null or absent = not scored. */
  scores?: readonly (number | null | undefined)[];
}

export interface Selection {
  majority: MajorityResult;
  /** Index of the chosen sample, or null when no sample can be chosen. */
  chosen: number | null;
  /** Per sample: whether its answer is the majority answer. */
  inMajority: boolean[];
  /** Per sample: whether it could be chosen. */
  candidates: boolean[];
  /** Candidate indices, best first. */
  ranking: number[];
}

const DEFAULT_OPTIONS: SelectionOptions = { preferMajority: true, dropUnanswered: true };

/**
 * Ranks the solutions by agreement with the majority answer (when preferred), then by score,
 * then by shorter text; the first is kept. With `preferMajority`, only majority solutions compete.
 */
export function selectSolution(
  samples: readonly SolvedSample[],
  options: SelectionOptions = DEFAULT_OPTIONS,
): Selection {
  const majority =
    options.majority ??
    majorityVote(
      samples.map((s) => s.answer),
      options.precision === undefined ? {} : { precision: options.precision },
    );
  const winners = new Set(majority.groups.find((g) => g.answer === majority.answer)?.members ?? []);
  const inMajority = samples.map((_, i) => winners.has(i));
  const candidates = samples.map(
    (s, i) =>
      (!options.dropUnanswered || s.statesAnswer) &&
      (!options.preferMajority || inMajority[i] === true),
  );
  const score = (i: number) => options.scores?.[i] ?? Number.NEGATIVE_INFINITY;
  const length = (i: number) => samples[i]?.text.length ?? 0;
  const ranking = samples
    .map((_, i) => i)
    .filter((i) => candidates[i])
    .sort((a, b) => score(b) - score(a) || length(a) - length(b) || a - b);
  return { majority, chosen: ranking[0] ?? null, inMajority, candidates, ranking };
}
