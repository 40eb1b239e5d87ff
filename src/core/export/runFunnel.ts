import { STAGES, type StageName } from '../pipeline/records';
import type { RunAggregates } from '../runs/runAggregates';

/**
 * One stage of a run's funnel, over every stored attempt (from the run's aggregates). The
 * dashboard's table and method map and the dataset card all read these rows, so they cannot
 * state different numbers.
 */
export interface FunnelStage {
  stage: StageName;
  /** Attempts that got to the stage. */
  reached: number;
  passed: number;
  /** Attempts the stage rejected. */
  failed: number;
  /** Attempts that went past the stage without it running (off, or unable to run). */
  skipped: number;
  /** Rejection reasons (grouped) with how often each occurred, most frequent first. */
  reasons: { reason: string; count: number }[];
  /** Why the stage did not run for the skipped attempts. */
  skipReasons: string[];
}

/** The stage funnel of a run from its aggregates: every stage, in pipeline order. */
export function runFunnel(agg: RunAggregates): FunnelStage[] {
  return STAGES.map((stage) => {
    const c = agg.stages[stage];
    return {
      stage,
      reached: c.reached,
      passed: c.passed,
      failed: c.failed,
      skipped: c.skipped,
      reasons: Object.entries(agg.failures[stage] ?? {})
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      skipReasons: Object.keys(agg.skips[stage] ?? {}),
    };
  });
}
