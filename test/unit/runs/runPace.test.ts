import { describe, expect, it } from 'vitest';
import {
  addPaceSample,
  etaText,
  PACE_SAMPLES,
  paceOf,
  runEta,
  type PaceSample,
} from '../../../src/core/runs/runPace';

const sample = (at: number, kept: boolean, generate = 0): PaceSample => ({
  at,
  kept,
  tokens: generate ? { generate } : {},
});

const running = { status: 'running', kept: 2, target: 10, attempts: 4, maxAttempts: 100 };

describe('the one ETA model', () => {
  it('extrapolates the kept pace of the newest stored attempts', () => {
    // Attempts every 10 s, every other one kept: 1 kept per 20 s; 8 more → 160 s.
    const samples = [0, 10, 20, 30, 40].map((s, i) => sample(s * 1000, i % 2 === 1));
    expect(runEta({ ...running, samples })).toEqual({ kind: 'eta', seconds: 160, until: 'target' });
  });

  it('does not count a pause as working time', () => {
    const samples = [0, 10, 20, 3600, 3610].map((s, i) => sample(s * 1000, i % 2 === 1));
    // The hour-long gap counts as the 60 s cap: 4 gaps = 90 s active, 2 kept → 45 s each.
    expect(paceOf(samples)).toMatchObject({ keptPerS: 2 / 90, attemptsPerS: 4 / 90 });
  });

  it('stops at the attempt limit when that comes first', () => {
    const samples = [0, 10, 20, 30, 40].map((s, i) => sample(s * 1000, i === 4));
    const eta = runEta({ ...running, attempts: 98, samples });
    expect(eta).toEqual({ kind: 'eta', seconds: 20, until: 'attempt-limit' });
    expect(etaText(eta)).toBe('≈ 20 s (attempt limit reached first)');
  });

  it('promises no time for a run that is not running, and none before a pace exists', () => {
    const samples = [sample(0, true), sample(1000, true)];
    expect(etaText(runEta({ ...running, status: 'paused', samples }))).toBe('paused');
    expect(etaText(runEta({ ...running, status: 'done', samples }))).toBe('done');
    expect(etaText(runEta({ ...running, samples: [sample(0, true)] }))).toBe(
      'after the first kept question',
    );
    expect(runEta({ ...running, kept: 10, samples })).toEqual({ kind: 'done' });
  });

  it('measures tokens per second per role over the same window', () => {
    const samples = [sample(0, false, 100), sample(10_000, true, 300), sample(20_000, true, 100)];
    expect(paceOf(samples)!.tokensPerS).toEqual({ generate: 20 });
  });

  it('keeps only the newest samples', () => {
    let samples: PaceSample[] = [];
    for (let i = 0; i < PACE_SAMPLES + 10; i++) samples = addPaceSample(samples, sample(i, false));
    expect(samples).toHaveLength(PACE_SAMPLES);
    expect(samples[0]!.at).toBe(10);
  });
});
