import { STAGES, type QuestionRecord, type StageName, type StageVerdict } from './records';

/** What a stage did with a question: ran and passed it, ran and rejected it, or did not run. */
export type StageOutcome = 'passed' | 'failed' | 'skipped';

/** A stored question's view of every stage: what happened, or that it never got there. */
export type StageView = StageOutcome | 'not-reached';

/**
 * The outcome of a verdict. Rows stored before `skipped` existed marked a contamination check
 * without reference sets as passed with the reason "skipped: …"; those count as skipped too.
 */
export function verdictOutcome(verdict: StageVerdict): StageOutcome {
  if (!verdict.pass) return 'failed';
  if (verdict.skipped) return 'skipped';
  if (verdict.stage === 'contamination' && verdict.reason?.startsWith('skipped')) return 'skipped';
  return 'passed';
}

/**
 * Every stage of a stored question in pipeline order. A stage without a verdict was turned off
 * when it lies before the last stage that recorded one (or the question was kept: it went
 * through everything); after a rejection it was never reached.
 */
export function stageViews(
  question: Pick<QuestionRecord, 'verdicts' | 'status'>,
): { stage: StageName; view: StageView; verdict?: StageVerdict }[] {
  const byStage = new Map(question.verdicts.map((v) => [v.stage, v]));
  const last = question.verdicts.reduce((max, v) => Math.max(max, STAGES.indexOf(v.stage)), -1);
  return STAGES.map((stage, i) => {
    const verdict = byStage.get(stage);
    if (verdict) return { stage, view: verdictOutcome(verdict), verdict };
    const passedBy = question.status === 'kept' || i < last;
    return { stage, view: passedBy ? 'skipped' : 'not-reached' };
  });
}

/** Why stages are skipped, in the words the studio shows. */
export const SKIP_REASONS = {
  off: 'off in this run’s settings',
  noReferenceSets: 'no reference set available',
  noBand: 'no difficulty band set (agreement is recorded, nothing is dropped)',
} as const;

/** Each stage state in the words the studio shows. */
export const STAGE_VIEW_WORDS: Record<StageView | 'running', string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped (did not run)',
  'not-reached': 'not reached',
  running: 'running…',
};
