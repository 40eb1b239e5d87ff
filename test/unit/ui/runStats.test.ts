import { describe, expect, it } from 'vitest';
import {
  backendRates,
  histogram,
  throughput,
  tokensPerStage,
  usedRoles,
} from '../../../src/ui/dashboard/runStats';
import type { QuestionRecord, StageVerdict } from '../../../src/core/pipeline/records';
import { aggregateAttempts } from '../../support/foldedAggregates';
import { runFunnel } from '../../../src/core/export/runFunnel';

function q(
  index: number,
  createdAt: number,
  verdicts: StageVerdict[],
  kept = false,
): QuestionRecord {
  return {
    id: `r:${index}`,
    runId: 'r',
    index,
    text: 't',
    dedupKey: 'k',
    status: kept ? 'kept' : 'rejected',
    verdicts,
    generation: {
      prompt: '',
      rawText: '',
      finishReason: 'stop',
      seed: index,
      promptTokens: 10,
      completionTokens: 20,
      model: 'm',
    },
    majorityAnswer: null,
    agreement: 0,
    chosenSolutionId: null,
    createdAt,
  };
}

const pass = (stage: StageVerdict['stage']): StageVerdict => ({ stage, pass: true });
const agg = (questions: QuestionRecord[]) =>
  aggregateAttempts(
    'r',
    questions.map((question) => ({ question, solutions: [] })),
  );

describe('runFunnel', () => {
  it('counts who reached, passed, failed and skipped each stage and groups reasons', () => {
    const rows = runFunnel(
      agg([
        q(0, 0, [
          pass('generate'),
          { stage: 'language', pass: false, reason: "detected language 'fr' (confidence 0.81)" },
        ]),
        q(1, 0, [
          pass('generate'),
          { stage: 'language', pass: false, reason: "detected language 'fr' (confidence 0.93)" },
        ]),
        q(2, 0, [
          pass('generate'),
          { stage: 'language', pass: false, reason: "non-ASCII character '’' (U+2019)" },
        ]),
        q(3, 0, [
          pass('generate'),
          pass('language'),
          { stage: 'dedup', pass: false, reason: 'near duplicate of r:0 (similarity 0.82)' },
        ]),
        q(4, 0, [
          pass('generate'),
          pass('language'),
          { stage: 'dedup', pass: true, skipped: true, reason: 'off' },
          { stage: 'contamination', pass: true, reason: 'skipped: no reference sets' },
          { stage: 'judge', pass: false, reason: 'judge concluded No: not a solvable problem' },
        ]),
      ]),
    );
    const row = (stage: string) => rows.find((r) => r.stage === stage)!;
    expect(rows[0]).toMatchObject({ stage: 'generate', reached: 5, passed: 5, failed: 0 });
    expect(row('language')).toMatchObject({ reached: 5, passed: 2, failed: 3, skipped: 0 });
    expect(row('language').reasons).toEqual([
      { reason: "detected language 'fr'", count: 2 },
      { reason: "non-ASCII character '’' (U+2019)", count: 1 },
    ]);
    expect(row('dedup')).toMatchObject({ reached: 2, passed: 0, failed: 1, skipped: 1 });
    expect(row('dedup').reasons).toEqual([{ reason: 'near duplicate of …', count: 1 }]);
    expect(row('dedup').skipReasons).toEqual(['off']);
    // Stored before skipped verdicts existed: "skipped: …" as passed is read as skipped.
    expect(row('contamination')).toMatchObject({ reached: 1, passed: 0, skipped: 1 });
    expect(row('judge')).toMatchObject({ reached: 1, failed: 1 });
    expect(row('solve').reached).toBe(0);
  });
});

describe('histogram', () => {
  it('puts values into equal bins with 1 in the last one', () => {
    expect(histogram({ '0': 1, '0.19': 1, '0.2': 1, '0.5': 1, '1': 2, '0.0': 0 }, 5)).toEqual({
      labels: ['0–20%', '20–40%', '40–60%', '60–80%', '80–100%'],
      counts: [2, 1, 1, 0, 2],
    });
  });
});

describe('throughput', () => {
  it('counts stored and kept questions per minute, filling gaps', () => {
    const t = throughput(agg([q(0, 60_000, [], true), q(1, 61_000, []), q(2, 180_000, [], true)]));
    expect(t.minutes).toEqual([60, 120, 180]);
    expect(t.stored).toEqual([2, 0, 1]);
    expect(t.kept).toEqual([1, 0, 1]);
  });

  it('gives a single minute a zero minute before it', () => {
    expect(throughput(agg([q(0, 120_000, [], true)]))).toEqual({
      minutes: [60, 120],
      stored: [0, 1],
      kept: [0, 1],
    });
  });

  it('shows the last 240 minutes of a run with more minutes than a call takes arguments', () => {
    const a = agg([q(0, 60_000, [], true)]);
    for (let m = 2; m < 300_000; m++) a.minutes[String(m)] = { stored: 1, kept: 0, tokens: {} };
    const t = throughput(a);
    expect(t.minutes).toHaveLength(240);
    expect(t.minutes.at(-1)).toBe(299_999 * 60);
  });
});

describe('tokens', () => {
  it('sums tokens per stage and rates per backend over the roles that worked', () => {
    const a = agg([q(0, 0, []), q(1, 1000, [])]);
    expect(tokensPerStage(a)).toEqual([{ stage: 'generate', tokens: 60 }]);
    expect([...usedRoles(a)]).toEqual(['generate']);
    const rates = backendRates(
      [
        { label: 'local', roles: ['generate', 'judge'] },
        { label: 'remote', roles: ['solve', 'score'] },
      ],
      { generate: 30 },
      usedRoles(a),
    );
    expect(rates).toEqual([{ label: 'local', roles: ['generate'], tokensPerS: 30 }]);
  });
});
