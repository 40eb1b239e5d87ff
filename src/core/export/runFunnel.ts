import type { RunProgress } from '../pipeline/records';
import { STAGES } from '../pipeline/records';
import type { FunnelStageCount } from './datasetCardInput';

/**
 * The stage funnel of a run from its stored progress: every attempt enters generation, each
 * stage passes on what it did not reject. Stages that rejected nothing and saw nothing are left out.
 */
export function runFunnel(progress: RunProgress): FunnelStageCount[] {
  let entered = progress.attempts;
  const funnel: FunnelStageCount[] = [];
  for (const stage of STAGES) {
    const rejected = progress.rejected[stage] ?? 0;
    funnel.push({ stage, entered, passed: entered - rejected, rejected });
    entered -= rejected;
  }
  return funnel;
}
