/**
 * The dashboard's flow through the method map, from the same per-stage rows as its funnel table
 * (so the drawing and the table can never disagree).
 */
import type { StageName } from '../../core/pipeline/records';
import { formatCount } from '../../core/text/numbers';
import { shareText } from './mapText';
import { METHOD_STEPS, type MethodFlow, type StepCounts } from './methodSteps';

export interface StageRow {
  stage: StageName;
  reached: number;
  passed: number;
  failed: number;
  /** Went past without the check running; absent means none. */
  skipped?: number;
}

/** `written`: questions the generator wrote (every stored question starts there). */
export function methodFlow(rows: readonly StageRow[], written: number): MethodFlow {
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const flow = {} as MethodFlow;
  for (const { step, stage } of METHOD_STEPS) {
    const row = stage ? byStage.get(stage) : undefined;
    flow[step] = stage
      ? {
          reached: row?.reached ?? 0,
          passed: row?.passed ?? 0,
          failed: row?.failed ?? 0,
          skipped: row?.skipped ?? 0,
        }
      : { reached: written, passed: written, failed: 0, skipped: 0 };
  }
  return flow;
}

/** The flow in words, read instead of the drawing by a screen reader. */
export function flowDescription(flow: MethodFlow): string {
  return METHOD_STEPS.map(({ step, label }) => {
    const c: StepCounts = flow[step];
    if (step === 'generate') return `${label}: ${formatCount(c.reached)} written.`;
    if (c.reached === 0) return `${label}: none reached yet.`;
    const skipped = c.skipped ? `, ${formatCount(c.skipped)} skipped` : '';
    return `${label}: ${formatCount(c.reached)} reached, ${formatCount(c.failed)} rejected${skipped} (${shareText(c)}).`;
  }).join(' ');
}
