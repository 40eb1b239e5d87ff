/** Stepping one question through the method map, a step at a time (pure). */
import type { StageName } from '../../core/pipeline/records';
import type { InFlightQuestion } from '../../state/liveStage';
import { METHOD_STEPS, type MethodStep } from '../method/methodSteps';

export const WALK_STEPS: readonly MethodStep[] = METHOD_STEPS.map((s) => s.step);

/** The step `delta` steps away, held at the first and the last. */
export function stepAfter(step: MethodStep, delta: number): MethodStep {
  const i = WALK_STEPS.indexOf(step) + delta;
  return WALK_STEPS[Math.min(WALK_STEPS.length - 1, Math.max(0, i))]!;
}

/**
 * Where a question in flight is now: the stage running, else the one after the last that
 * finished (its request is on its way), else the generation itself.
 */
export function stepOfLive(live: Pick<InFlightQuestion, 'stages'>): MethodStep {
  const stages = METHOD_STEPS.filter((s) => s.stage !== undefined) as {
    step: MethodStep;
    stage: StageName;
  }[];
  const running = stages.find((s) => live.stages[s.stage]?.status === 'running');
  if (running) return running.step;
  let last = -1;
  stages.forEach((s, i) => {
    if (live.stages[s.stage]) last = i;
  });
  if (last < 0) return 'generate';
  return stages[Math.min(stages.length - 1, last + 1)]!.step;
}
