/** Room for a keep rate that turns out worse than the run's record so far. */
export const KEEP_RATE_MARGIN = 1.5;

export interface AttemptsWantedInput {
  /** `concurrency + lookAhead`: the most attempts a run keeps going. */
  width: number;
  lookAhead: number;
  targetPairs: number;
  /** Stored so far. */
  kept: number;
  attempts: number;
  /** Finished and kept, waiting for an earlier attempt before they are stored. */
  keptUnsaved: number;
}

/**
 * How many attempts a run wants in flight. Its width, except near the target: there, as many as
 * its record of attempts per kept question says it still needs, with a margin. Attempts started
 * past the target are abandoned unstored, and a resumed run 10 pairs short of its target with a
 * fleet-wide width of 1,000 would otherwise send 1,000 questions' worth of requests for nothing.
 */
export function attemptsWanted(input: AttemptsWantedInput): number {
  const missing = input.targetPairs - input.kept - input.keptUnsaved;
  if (missing <= 0) return 0;
  // Nothing kept yet: no record to go by.
  if (input.kept === 0) return input.width;
  const attemptsPerKept = Math.max(1, input.attempts / input.kept);
  const needed = Math.ceil(missing * attemptsPerKept * KEEP_RATE_MARGIN) + input.lookAhead;
  return Math.min(input.width, needed);
}
