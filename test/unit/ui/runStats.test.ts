import { describe, expect, it } from 'vitest';
import {
  etaSeconds,
  funnel,
  histogram,
  recentTokensPerSecond,
  throughput,
} from '../../../src/ui/dashboard/runStats';
import type { QuestionRecord, StageVerdict } from '../../../src/core/pipeline/records';

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

describe('funnel', () => {
  it('counts who reached, passed and failed each stage and groups reasons with numbers masked', () => {
    const rows = funnel([
      q(0, 0, [
        pass('generate'),
        { stage: 'language', pass: false, reason: "detected 'fr' (0.81)" },
      ]),
      q(1, 0, [
        pass('generate'),
        { stage: 'language', pass: false, reason: "detected 'fr' (0.93)" },
      ]),
      q(2, 0, [
        pass('generate'),
        pass('language'),
        { stage: 'dedup', pass: false, reason: 'duplicate of r:0' },
      ]),
    ]);
    const language = rows.find((r) => r.stage === 'language')!;
    expect(rows[0]).toMatchObject({ stage: 'generate', reached: 3, passed: 3, failed: 0 });
    expect(language).toMatchObject({ reached: 3, passed: 1, failed: 2 });
    expect(language.reasons).toEqual([{ reason: "detected 'fr' (N)", count: 2 }]);
    expect(rows.find((r) => r.stage === 'dedup')!.reasons).toEqual([
      { reason: 'duplicate of …', count: 1 },
    ]);
    expect(rows.find((r) => r.stage === 'judge')!.reached).toBe(0);
  });
});

describe('histogram', () => {
  it('puts values into equal bins with 1 in the last one', () => {
    expect(histogram([0, 0.19, 0.2, 0.5, 1, 1], 5)).toEqual({
      labels: ['0–20%', '20–40%', '40–60%', '60–80%', '80–100%'],
      counts: [2, 1, 1, 0, 2],
    });
  });
});

describe('throughput', () => {
  it('counts stored and kept questions per minute, filling gaps', () => {
    const t = throughput([q(0, 60_000, [], true), q(1, 61_000, []), q(2, 180_000, [], true)]);
    expect(t.minutes).toEqual([60, 120, 180]);
    expect(t.stored).toEqual([2, 0, 1]);
    expect(t.kept).toEqual([1, 0, 1]);
  });

  it('gives a single minute a zero minute before it', () => {
    expect(throughput([q(0, 120_000, [], true)])).toEqual({
      minutes: [60, 120],
      stored: [0, 1],
      kept: [0, 1],
    });
  });
});

describe('rates', () => {
  it('extrapolates the ETA from the kept rate so far', () => {
    const qs = [q(0, 0, [], true), q(1, 30_000, []), q(2, 60_000, [], true)];
    // 2 kept in 60 s → 30 s per kept question; 3 more needed.
    expect(etaSeconds(qs, 2, 5)).toBe(90);
    expect(etaSeconds(qs.slice(0, 1), 1, 5)).toBeUndefined();
    expect(etaSeconds(qs, 5, 5)).toBe(0);
  });

  it('averages tokens of the last minute', () => {
    const qs = [q(0, 1_000, []), q(1, 50_000, []), q(2, 100_000, [])];
    // Questions at 50 s and 100 s are within (40 s, 100 s]; 30 tokens each.
    expect(recentTokensPerSecond(qs, 100_000)).toBe(1);
  });
});
