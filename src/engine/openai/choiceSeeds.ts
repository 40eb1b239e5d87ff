/**
 * Seeds for choices asked one request at a time (a server that ignores `n`): choice i of a request
 * seeded s uses s + i·7919, whether the engine or the pool splits it, so both draw the same samples.
 */
const SEED_STEP = 7919;

export function choiceSeed(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : seed + index * SEED_STEP;
}
