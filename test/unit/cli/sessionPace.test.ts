import { describe, expect, it } from 'vitest';
import { SessionPace } from '../../../src/cli/run/sessionPace';
import { ProgressReporter } from '../../../src/cli/run/runProgress';
import type { QuestionRecord } from '../../../src/core/pipeline/records';

/**
 * A fleet run in miniature: `width` attempts in flight, each taking 20–40 s, a new one starting
 * whenever one ends, results stored strictly in attempt order (so in bursts). Returns when
 * each attempt was stored (ms) and whether it was kept (every other one).
 */
function fleetRun(width: number, attempts: number): { at: number; kept: boolean }[] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const slots = Array.from({ length: width }, () => 0);
  const finished: number[] = [];
  for (let i = 0; i < attempts; i++) {
    let slot = 0;
    for (let s = 1; s < width; s++) if (slots[s]! < slots[slot]!) slot = s;
    const end = slots[slot]! + 20_000 + random() * 20_000;
    slots[slot] = end;
    finished.push(end);
  }
  let stored = 0;
  return finished.map((end, i) => {
    stored = Math.max(stored, end);
    return { at: stored, kept: i % 2 === 0 };
  });
}

describe('the CLI session pace', () => {
  it('settles within the first minutes when hundreds of attempts are in flight', () => {
    const width = 300;
    // Steady state: width attempts per 30 s on average, half of them kept.
    const trueKeptPerS = (width / 30) * 0.5;
    const pace = new SessionPace(0);
    const seen: number[] = [];
    for (const { at, kept } of fleetRun(width, 8_000)) {
      pace.add({ at, kept, tokens: { solve: 100 } });
      if (at >= 180_000) seen.push(pace.pace(at)!.keptPerS / trueKeptPerS);
    }
    expect(seen.length).toBeGreaterThan(4_000);
    // From the third minute on, every reading is within 20% of the real pace.
    expect(Math.min(...seen)).toBeGreaterThan(0.8);
    expect(Math.max(...seen)).toBeLessThan(1.2);
  });

  it('knows no pace before two stored attempts, and counts tokens per role', () => {
    const pace = new SessionPace(0);
    expect(pace.pace(5_000)).toBeUndefined();
    pace.add({ at: 5_000, kept: true, tokens: { solve: 300 } });
    pace.add({ at: 10_000, kept: false, tokens: { solve: 100, judge: 50 } });
    expect(pace.pace(10_000)).toEqual({
      attemptsPerS: 0.2,
      keptPerS: 0.1,
      tokensPerS: { solve: 40, judge: 5 },
      seconds: 10,
    });
  });

  it('forgets what is older than its window', () => {
    const pace = new SessionPace(0, 60_000);
    for (let s = 0; s < 60; s++) pace.add({ at: s * 1000, kept: true, tokens: {} });
    // The next minute stores nothing: the pace falls to zero instead of remembering the burst.
    expect(pace.pace(125_000)!.keptPerS).toBe(0);
  });
});

describe('progress lines', () => {
  it('print the ETA at the session pace', () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const reporter = new ProgressReporter({
      write: (l) => lines.push(l),
      targetPairs: 100,
      maxAttempts: 1000,
      perAttempt: true,
      now: () => now,
    });
    const question = (index: number) =>
      ({
        index,
        status: 'kept',
        createdAt: 0,
        verdicts: [],
        generation: { promptTokens: 10, completionTokens: 20 },
      }) as unknown as QuestionRecord;
    const progress = (kept: number) => ({
      runId: 'r',
      kept,
      attempts: kept,
      rejected: {},
      promptTokens: 0,
      completionTokens: 0,
    });
    for (let i = 0; i < 10; i++) {
      now += 1000;
      reporter.onEvent({ type: 'stored', question: question(i), progress: progress(i + 1) });
    }
    // 10 kept in the session's 10 s: 90 to go at 1/s.
    expect(lines.at(-1)).toContain('kept 10/100');
    expect(lines.at(-1)).toContain('ETA ≈ 1 min 30 s');
  });
});
