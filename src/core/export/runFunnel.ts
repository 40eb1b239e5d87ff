import { STAGES } from '../pipeline/records';
import type { RunAggregates } from '../runs/runAggregates';
import type { FunnelStageCount } from './datasetCardInput';

/** The stage funnel of a run from its aggregates: every stage, skipped attempts apart. */
export function runFunnel(agg: RunAggregates): FunnelStageCount[] {
  return STAGES.map((stage) => {
    const c = agg.stages[stage];
    const reasons = agg.failures[stage];
    return {
      stage,
      entered: c.reached,
      passed: c.passed,
      rejected: c.failed,
      skipped: c.skipped,
      ...(reasons && Object.keys(reasons).length ? { reasons: { ...reasons } } : {}),
    };
  });
}
