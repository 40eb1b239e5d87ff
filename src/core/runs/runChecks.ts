/**
 * What each check of a run did, in words, from its settings and its aggregates: the dataset card
 * describes only checks that ran (with the settings they ran with and the measured counts) and
 * names the ones that did not run, with why.
 */
import type { RunConfig } from '../pipeline/runConfig';
import { STAGES, type StageName } from '../pipeline/records';
import { STAGE_LABELS } from '../pipeline/stageLabels';
import { formatCount, limitText, plural } from '../text/numbers';
import type { RunAggregates } from './runAggregates';

export interface CheckThatRan {
  stage: StageName;
  label: string;
  /** The settings it ran with, in words. */
  settings: string;
  /** Attempts it ran on (passed + rejected). */
  ran: number;
  rejected: number;
  /** What else it measured (e.g. questions flagged and kept). */
  note?: string;
}

export interface CheckNotRun {
  stage: StageName;
  label: string;
  /** Attempts that went past it without it running, with the recorded reasons. */
  skipped: number;
  reasons: string[];
}

const LANGUAGE = {
  ascii: 'pure ASCII text only (the paper’s rule)',
  english: 'detected language English; math symbols, accents and smart quotes allowed',
} as const;

function dedupSettings({ dedup }: RunConfig): string {
  const parts: string[] = [];
  if (dedup.exact) parts.push('exact match on normalised text');
  if (dedup.near)
    parts.push(
      `near duplicates by MinHash-LSH (${dedup.permutations} permutations, ${dedup.bands} bands, ` +
        `${dedup.shingle} ${dedup.n}-shingles, Jaccard ≥ ${dedup.threshold})`,
    );
  if (dedup.maskNumbers) parts.push('also with numbers masked');
  return `${parts.join('; ')}; compared with every kept question of the project`;
}

function judgeSettings({ judge }: RunConfig): string {
  if (judge.mode === 'fast')
    return `one Yes/No token, kept when P(yes) ≥ ${judge.minYesProbability}`;
  const rule = judge.lenientYes
    ? '“yes” anywhere in the output (the paper’s rule)'
    : 'its final Yes/No';
  return `step-by-step strict math teacher, up to ${judge.maxTokens} tokens, temperature ${judge.temperature}; kept on ${rule}`;
}

function difficultySettings({ difficulty, solve }: RunConfig): string {
  const parts: string[] = [];
  if (difficulty.dropNoAgreement)
    parts.push(`drops questions no two of the ${solve.samples} solutions agree on`);
  if (difficulty.dropUnanimous === 'always') parts.push('drops questions every solution agrees on');
  if (difficulty.dropUnanimous === 'if-rated-easy')
    parts.push(
      `drops unanimous questions rated at or below level ${difficulty.easyAtOrBelow} of 5`,
    );
  if (difficulty.rating !== 'off')
    parts.push(
      `five-level rating asked ${difficulty.rating === 'always' ? 'for every question' : 'when all solutions agree'}`,
    );
  return parts.join('; ');
}

function selectionSettings({ selection, solve }: RunConfig): string {
  const order = [
    ...(selection.preferMajority ? ['majority answer first'] : []),
    ...(selection.scorer === 'local-judge' ? ['then a 1–10 score by the judge model'] : []),
    ...(selection.scorer === 'reward-model' ? ['then a reward-model score'] : []),
    'then shorter text',
  ];
  const answerless = solve.dropUnanswered
    ? '; solutions without a final answer cannot be chosen'
    : '';
  return `one of ${plural(solve.samples, 'solution')}: ${order.join(', ')}${answerless}`;
}

function settingsOf(stage: StageName, config: RunConfig, sets: string[]): string {
  switch (stage) {
    case 'generate':
      return config.source?.kind === 'imported'
        ? `imported questions; length ${limitText(config.screen.minChars)} to ${limitText(config.screen.maxChars, 'character')}`
        : `rejects output cut off by max_tokens (${formatCount(config.generation.maxTokens)}), empty or with template tokens; ` +
            `length ${formatCount(config.screen.minChars)} to ${limitText(config.screen.maxChars, 'character')}`;
    case 'language':
      return LANGUAGE[config.languageMode];
    case 'dedup':
      return dedupSettings(config);
    case 'contamination':
      return (
        `${config.contamination.ngram}-gram overlap with ${sets.join(', ') || 'the reference sets'}; ` +
        (config.contamination.action === 'drop'
          ? 'overlapping questions dropped'
          : 'overlapping questions flagged and kept')
      );
    case 'judge':
      return judgeSettings(config);
    case 'solve':
      return `${plural(config.solve.samples, 'solution')} at temperature ${config.solve.temperature}, top_p ${config.solve.topP}, up to ${formatCount(config.solve.maxTokens)} tokens; rejected when none states a final answer`;
    case 'majority':
      return 'answers compared by value; the largest group is the majority';
    case 'difficulty':
      return difficultySettings(config);
    case 'select':
      return selectionSettings(config);
  }
}

/** The checks of one run that ran (in pipeline order) and those that did not. */
export function runChecks(
  config: RunConfig,
  agg: RunAggregates,
): { ran: CheckThatRan[]; notRun: CheckNotRun[] } {
  const ran: CheckThatRan[] = [];
  const notRun: CheckNotRun[] = [];
  const sets = Object.keys(agg.contamination.checkedAgainst);
  for (const stage of STAGES) {
    const counts = agg.stages[stage];
    const label = STAGE_LABELS[stage];
    if (counts.passed + counts.failed > 0) {
      const check: CheckThatRan = {
        stage,
        label,
        settings: settingsOf(stage, config, sets),
        ran: counts.passed + counts.failed,
        rejected: counts.failed,
      };
      const overlapping = Object.values(agg.contamination.overlapping).reduce((a, b) => a + b, 0);
      if (stage === 'contamination' && overlapping > 0 && config.contamination.action === 'flag')
        check.note = `${plural(overlapping, 'question')} overlapped and ${overlapping === 1 ? 'was' : 'were'} flagged`;
      ran.push(check);
    }
    if (counts.skipped > 0)
      notRun.push({
        stage,
        label,
        skipped: counts.skipped,
        reasons: Object.keys(agg.skips[stage] ?? {}),
      });
  }
  return { ran, notRun };
}
