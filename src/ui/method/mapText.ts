/** The pass share written in the method map's boxes. */
import type { StepCounts } from './methodSteps';

/**
 * The share of the questions a step checked that passed it ("78% pass"); skipped questions were
 * not checked, so they count neither way. Never rounds a rejection away (">99%") or a pass ("<1%").
 */
export function shareText(c: StepCounts): string {
  const checked = c.passed + c.failed;
  if (c.reached === 0) return '—';
  if (checked === 0) return 'skipped';
  const pct = (c.passed / checked) * 100;
  if (c.failed > 0 && pct > 99) return '>99% pass';
  if (c.passed > 0 && pct < 1) return '<1% pass';
  return `${Math.round(pct)}% pass`;
}
