import { describe, expect, it } from 'vitest';
import {
  MAX_MINUTES,
  MAX_REASONS,
  OTHER_REASONS,
  reasonGroup,
} from '../../../src/core/runs/runAggregates';
import { aggregateAttempts } from '../../support/foldedAggregates';
import { runChecks } from '../../../src/core/runs/runChecks';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { QuestionRecord, SolutionRecord } from '../../../src/core/pipeline/records';
import { stageViews, verdictOutcome } from '../../../src/core/pipeline/verdicts';

function question(index: number, fields: Partial<QuestionRecord> = {}): QuestionRecord {
  return {
    id: `r:${index}`,
    runId: 'r',
    index,
    text: `Q${index}`,
    dedupKey: `k${index}`,
    status: 'rejected',
    verdicts: [],
    generation: {
      prompt: '',
      rawText: '',
      finishReason: 'stop',
      seed: index,
      promptTokens: 0,
      completionTokens: 0,
      model: 'm',
    },
    majorityAnswer: null,
    agreement: 0,
    chosenSolutionId: null,
    createdAt: index * 1000,
    ...fields,
  };
}

const keptQuestion = (index: number, agreement: number): QuestionRecord =>
  question(index, {
    status: 'kept',
    verdicts: [
      { stage: 'generate', pass: true },
      { stage: 'language', pass: true },
      { stage: 'dedup', pass: true, skipped: true, reason: 'off in this run’s settings' },
      { stage: 'contamination', pass: true, reason: 'no 13-gram shared with gsm8k-test' },
      { stage: 'judge', pass: true },
      { stage: 'solve', pass: true },
      { stage: 'majority', pass: true },
      { stage: 'select', pass: true },
    ],
    contamination: { contaminated: false, overlap: 0, against: ['gsm8k-test', 'math500-test'] },
    difficulty: { agreement, failRate: 1 - agreement, distinctAnswers: 2, answered: 3 },
    tokens: {
      generate: { promptTokens: 5, completionTokens: 10 },
      judge: { promptTokens: 20, completionTokens: 30 },
      solve: { promptTokens: 40, completionTokens: 300 },
    },
  });

describe('run aggregates', () => {
  it('count every stage, skip, token and agreement of the stored attempts', () => {
    const agg = aggregateAttempts('r', [
      { question: keptQuestion(0, 2 / 3), solutions: [] },
      { question: keptQuestion(1, 1), solutions: [] },
      {
        question: question(2, {
          rejectedAt: 'language',
          verdicts: [
            { stage: 'generate', pass: true },
            { stage: 'language', pass: false, reason: "non-ASCII character '’' (U+2019)" },
          ],
        }),
        solutions: [],
      },
    ]);
    expect(agg).toMatchObject({ attempts: 3, kept: 2 });
    expect(agg.stages.generate).toEqual({ reached: 3, passed: 3, failed: 0, skipped: 0 });
    expect(agg.stages.language).toEqual({ reached: 3, passed: 2, failed: 1, skipped: 0 });
    // Off in the settings: skipped, never passed.
    expect(agg.stages.dedup).toEqual({ reached: 2, passed: 0, failed: 0, skipped: 2 });
    // Kept without a difficulty verdict (a row from before skipped verdicts): skipped too.
    expect(agg.stages.difficulty).toEqual({ reached: 2, passed: 0, failed: 0, skipped: 2 });
    expect(agg.failures.language).toEqual({ "non-ASCII character '’' (U+2019)": 1 });
    expect(agg.skips.dedup).toEqual({ 'off in this run’s settings': 2 });
    expect(agg.contamination.checkedAgainst).toEqual({ 'gsm8k-test': 2, 'math500-test': 2 });
    expect(agg.tokens.solve).toEqual({ promptTokens: 80, completionTokens: 600 });
    expect(agg.agreement).toEqual({ [String(2 / 3)]: 1, '1': 1 });
    expect(agg.minutes['0']).toEqual({
      stored: 3,
      kept: 2,
      tokens: { generate: 30, judge: 100, solve: 680 },
    });
    expect(agg.recent).toHaveLength(3);
  });

  it('take tokens of rows stored before per-stage tokens from their solutions', () => {
    const solution = { completionTokens: 70 } as SolutionRecord;
    const q = question(0, {
      generation: { ...question(0).generation, promptTokens: 3, completionTokens: 4 },
    });
    const agg = aggregateAttempts('r', [{ question: q, solutions: [solution, solution] }]);
    expect(agg.tokens).toEqual({
      generate: { promptTokens: 3, completionTokens: 4 },
      solve: { promptTokens: 0, completionTokens: 140 },
    });
  });

  it('cap distinct reasons, the rest counted together, exactly', () => {
    const attempts = Array.from({ length: MAX_REASONS + 5 }, (_, i) => ({
      question: question(i, {
        verdicts: [
          { stage: 'judge', pass: false, reason: `judge answered "x${i}", not Yes or No` },
        ],
      }),
      solutions: [],
    }));
    const reasons = aggregateAttempts('r', attempts).failures.judge!;
    expect(Object.keys(reasons)).toHaveLength(MAX_REASONS + 1);
    expect(reasons[OTHER_REASONS]).toBe(5);
    expect(Object.values(reasons).reduce((a, b) => a + b)).toBe(MAX_REASONS + 5);
  });

  it('fold old minutes into hours without losing a count', () => {
    const attempts = Array.from({ length: MAX_MINUTES + 130 }, (_, i) => ({
      question: question(i, { createdAt: i * 60_000, status: i % 2 ? 'kept' : 'rejected' }),
      solutions: [],
    }));
    const agg = aggregateAttempts('r', attempts);
    expect(Object.keys(agg.minutes)).toHaveLength(MAX_MINUTES);
    const buckets = [...Object.values(agg.minutes), ...Object.values(agg.hours)];
    expect(buckets.reduce((n, b) => n + b.stored, 0)).toBe(MAX_MINUTES + 130);
    expect(buckets.reduce((n, b) => n + b.kept, 0)).toBe(agg.kept);
  });
});

describe('reasonGroup', () => {
  it.each([
    ["detected language 'fr' (confidence 0.93)", "detected language 'fr'"],
    ["non-ASCII character '’' (U+2019)", "non-ASCII character '’' (U+2019)"],
    ['near duplicate of 4f2a-run:17 (similarity 0.82)', 'near duplicate of …'],
    ['no two solutions agree (fail rate 67%, 1/3 agree)', 'no two solutions agree'],
    ['too short: 5 characters, at least 8 wanted', 'too short'],
    ['overlaps gsm8k-test (35% of 13-grams)', 'overlaps gsm8k-test'],
    [undefined, 'no reason given'],
  ])('%s → %s', (reason, group) => {
    expect(reasonGroup(reason)).toBe(group);
  });
});

describe('verdict outcomes', () => {
  it('reads skipped verdicts, old "skipped:" contamination rows and unreached stages', () => {
    expect(verdictOutcome({ stage: 'dedup', pass: true, skipped: true })).toBe('skipped');
    expect(
      verdictOutcome({ stage: 'contamination', pass: true, reason: 'skipped: no reference sets' }),
    ).toBe('skipped');
    expect(verdictOutcome({ stage: 'judge', pass: true })).toBe('passed');
    const rejected = question(0, {
      verdicts: [
        { stage: 'generate', pass: true },
        { stage: 'contamination', pass: false },
      ],
    });
    expect(stageViews(rejected).map((s) => s.view)).toEqual([
      'passed',
      'skipped',
      'skipped',
      'failed',
      'not-reached',
      'not-reached',
      'not-reached',
      'not-reached',
      'not-reached',
    ]);
  });
});

describe('runChecks', () => {
  it('describes only checks that ran, with settings and counts, and lists the others', () => {
    const config = defaultRunConfig();
    config.screen.maxChars = Number.MAX_SAFE_INTEGER;
    const agg = aggregateAttempts('r', [{ question: keptQuestion(0, 1), solutions: [] }]);
    const { ran, notRun } = runChecks(config, agg);
    expect(ran.map((c) => c.stage)).toEqual([
      'generate',
      'language',
      'contamination',
      'judge',
      'solve',
      'majority',
      'select',
    ]);
    expect(ran[0]!.settings).toContain('8 to no limit');
    expect(ran.find((c) => c.stage === 'contamination')!.settings).toBe(
      '13-gram overlap with gsm8k-test, math500-test; overlapping questions flagged and kept',
    );
    expect(notRun).toEqual([
      { stage: 'dedup', label: 'Duplicates', skipped: 1, reasons: ['off in this run’s settings'] },
      {
        stage: 'difficulty',
        label: 'Difficulty',
        skipped: 1,
        reasons: ['off in this run’s settings'],
      },
    ]);
  });
});
