// What `scalequest run` prints while it goes: at fleet rates a line every few seconds, not one
// per stored attempt (those only with --verbose); health lines and the ETA stay.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../../src/cli/run/runProgress';
import type { QuestionRecord, RunProgress } from '../../../src/core/pipeline/records';
import { endpointOf, runFiles, runHeadless, serve, testRun } from './runHarness';

const question = (index: number, kept: boolean) =>
  ({
    index,
    status: kept ? 'kept' : 'rejected',
    ...(kept ? {} : { rejectedAt: 'judge' }),
    createdAt: 0,
    verdicts: [],
    generation: { promptTokens: 10, completionTokens: 20 },
  }) as unknown as QuestionRecord;

const progress = (attempts: number): RunProgress => ({
  kept: Math.ceil(attempts / 2),
  attempts,
  rejected: { judge: Math.floor(attempts / 2) },
  promptTokens: 0,
  completionTokens: 0,
});

/** A reporter on a fake clock (`clock.now`), writing into `lines`. */
function fakeReporter(options: { target: number; everyMs: number; perAttempt?: boolean }) {
  const clock = { now: 1_000_000 };
  const lines: string[] = [];
  const reporter = new ProgressReporter({
    write: (l) => lines.push(l),
    targetPairs: options.target,
    maxAttempts: options.target * 4,
    perAttempt: options.perAttempt ?? false,
    everyMs: options.everyMs,
    now: () => clock.now,
  });
  return { clock, lines, reporter };
}

/** 3,000 attempts a second for 12 s of a fake clock, ticked every second as the run does. */
function fleetSecond(perAttempt: boolean): string[] {
  const { clock, lines, reporter } = fakeReporter({ target: 100_000, everyMs: 5_000, perAttempt });
  let stored = 0;
  for (let second = 0; second < 12; second++) {
    for (let i = 0; i < 3_000; i++) {
      clock.now += 1000 / 3_000;
      reporter.onEvent({
        type: 'stored',
        question: question(stored, stored % 2 === 0),
        progress: progress(++stored),
      });
    }
    reporter.tick();
  }
  return lines;
}

describe('scalequest run progress lines', () => {
  it('at thousands of attempts a second, prints one line every few seconds', () => {
    const lines = fleetSecond(false);
    // Seconds 5 and 10 of 12: two lines for 36,000 stored attempts.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^progress: kept 7500\/100000 · attempts 15000\/400000 · rejected judge 7500 · \d+ tok\/s · ETA ≈ .* · \+15000 stored in 5 s$/,
    );
    expect(lines[1]).toMatch(/attempts 30000\/400000 .* · \+15000 stored in 5 s$/);
  });

  it('prints a line per stored attempt with --verbose', () => {
    const lines = fleetSecond(true);
    expect(lines.filter((l) => l.startsWith('attempt '))).toHaveLength(36_000);
    expect(lines[0]).toMatch(/^attempt 1: kept · kept 1\/100000 · attempts 1\/400000/);
    expect(lines[1]).toMatch(/^attempt 2: rejected at judge · /);
  });

  it('says nothing while nothing is stored (the health lines say why)', () => {
    const { clock, lines, reporter } = fakeReporter({ target: 10, everyMs: 1_000 });
    reporter.onEvent({ type: 'stored', question: question(0, true), progress: progress(1) });
    clock.now += 1_000;
    reporter.tick();
    for (let s = 0; s < 30; s++) {
      clock.now += 1_000;
      reporter.tick();
    }
    expect(lines).toHaveLength(1);
  });

  it('a run prints time-stamped progress lines, no per-attempt lines unless verbose', async () => {
    // Two sequences at 3 ms a step: the run lasts long enough for progress lines 100 ms apart.
    const server = await serve({ batching: { maxNumSeqs: 2, stepBaseMs: 3, perSeqMs: 0 } });
    const { dir, config } = runFiles({
      run: testRun({ targetPairs: 8, concurrency: 4 }),
      endpoints: [endpointOf(server)],
    });
    const quiet = await runHeadless({ config, out: join(dir, 'a.jsonl'), progressEveryMs: 100 });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/attempt \d+: /);
    expect(quiet.stderr).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ progress: kept \d+\/8 · attempts \d+\/\d+ · .* tok\/s · ETA .* · \+\d+ stored in \d+ s$/m,
    );
    expect(quiet.stderr).toMatch(/Z done: 8 pairs written/);

    const verbose = await runHeadless({
      config,
      out: join(dir, 'b.jsonl'),
      verbose: true,
      progressEveryMs: 0,
    });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/Z attempt 8: kept · kept 8\/8 /);
    expect(verbose.stderr).not.toMatch(/progress: /);
  }, 60_000);

  it('counts a server that ignores n in the progress and the closing line', async () => {
    const server = await serve({ honoursN: false });
    const { config, out } = runFiles({
      run: testRun({ targetPairs: 3 }),
      endpoints: [endpointOf(server)],
    });
    const result = await runHeadless({ config, out, verbose: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`attempt 3: kept · .* · n ignored by ${server.url}/v1\\n`),
    );
    expect(result.stderr).toMatch(
      new RegExp(`done: 3 pairs written .*; n ignored by ${server.url}/v1\\)`),
    );
  });

  it('prints no Node warning (MaxListenersExceededWarning) with hundreds of requests in flight', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const server = await serve({ batching: { maxNumSeqs: 256, stepBaseMs: 2, perSeqMs: 0 } });
      const { config, out } = runFiles({
        run: testRun({ targetPairs: 120, concurrency: 256, lookAhead: 16 }),
        endpoints: [endpointOf(server, { maxConcurrency: 512 })],
      });
      const result = await runHeadless({ config, out });
      expect(result.code).toBe(0);
      // Node emits warnings on the next tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  }, 120_000);
});
