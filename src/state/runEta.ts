/** Time left for a run at the pace it kept questions since this page started it. */
export interface EtaInput {
  startedAt: number;
  keptAtStart: number;
  kept: number;
  target: number;
  now: number;
}

/** Seconds left, or undefined until a question has been kept (no pace to go by yet). */
export function runEtaSeconds(input: EtaInput): number | undefined {
  const keptSince = input.kept - input.keptAtStart;
  const elapsedS = (input.now - input.startedAt) / 1000;
  if (keptSince <= 0 || elapsedS <= 0) return undefined;
  const left = Math.max(0, input.target - input.kept);
  return left / (keptSince / elapsedS);
}
