import { majorityVote, type MajorityResult } from '../answers/majorityVote';
import type { SolvedSample } from './solveQuestion';

export interface Selection {
  majority: MajorityResult;
  /** Index of the chosen sample, or null when no sample reached the majority answer. */
  chosen: number | null;
  /** Per sample: whether its answer is the majority answer. */
  inMajority: boolean[];
}

/** Keeps the shortest solution that reaches the majority answer (agreement as the score). */
export function selectSolution(samples: readonly SolvedSample[]): Selection {
  const majority = majorityVote(samples.map((s) => s.answer));
  const winners = new Set(majority.groups.find((g) => g.answer === majority.answer)?.members ?? []);
  let chosen: number | null = null;
  for (const index of winners) {
    const sample = samples[index];
    const best = chosen === null ? undefined : samples[chosen];
    if (sample && (!best || sample.text.length < best.text.length)) chosen = index;
  }
  return { majority, chosen, inMajority: samples.map((_, i) => winners.has(i)) };
}
