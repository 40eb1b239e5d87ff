/** Banding of a MinHash signature: `bands` groups of `rows` values; uses bands*rows slots. */
export interface LshBanding {
  bands: number;
  rows: number;
}

/** Probability that two texts with Jaccard `j` share at least one band (the S-curve). */
export function candidateProbability(j: number, { bands, rows }: LshBanding): number {
  return 1 - Math.pow(1 - Math.pow(j, rows), bands);
}

/** Jaccard at which the S-curve is steepest, roughly (1/b)^(1/r). */
export function sCurveThreshold({ bands, rows }: LshBanding): number {
  return Math.pow(1 / bands, 1 / rows);
}

function integrate(f: (x: number) => number, from: number, to: number, steps = 200): number {
  const h = (to - from) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(from + (i + 0.5) * h) * h;
  return sum;
}

/**
 * Picks bands × rows ≤ numPerm minimising the weighted area of false positives (J < threshold
 * but candidate) and false negatives (J ≥ threshold but missed). Candidates are verified on
 * their signatures afterwards, so the default weights favour recall: a false positive only
 * costs one signature comparison, a false negative loses a duplicate for good.
 */
export function chooseBanding(
  numPerm: number,
  threshold: number,
  falseNegativeWeight = 0.97,
): LshBanding {
  let best: LshBanding = { bands: numPerm, rows: 1 };
  let bestError = Infinity;
  for (let bands = 1; bands <= numPerm; bands++) {
    const maxRows = Math.floor(numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const banding = { bands, rows };
      const fp = integrate((j) => candidateProbability(j, banding), 0, threshold);
      const fn = integrate((j) => 1 - candidateProbability(j, banding), threshold, 1);
      const error = (1 - falseNegativeWeight) * fp + falseNegativeWeight * fn;
      if (error < bestError - 1e-12) {
        bestError = error;
        best = banding;
      }
    }
  }
  return best;
}
