// `scalequest run` unattended: a fleet that goes down pauses the run and it continues by itself;
// hung requests are cut by learnt deadlines and retried at once, so they cost seconds, not the
// flat ceiling or a park.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/run/headlessRun';
import {
  endpointOf,
  journalAttempts,
  readLines,
  runFiles,
  runHeadless,
  serve,
  testRun,
} from '../../support/headlessRunHarness';

const quick = {
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  breaker: { failureThreshold: 3, cooldownMs: 50, maxCooldownMs: 200 },
};

describe('scalequest run through outages and hung requests', () => {
  it('pauses while every server fails, says so, and continues by itself when one is back', async () => {
    let down = true;
    const server = await serve({
      fault: () => (down ? { kind: 'status', status: 503 } : undefined),
    });
    const { config, out } = runFiles({
      run: testRun({ targetPairs: 4 }),
      endpoints: [endpointOf(server)],
      ...quick,
    });
    // Down until the run says it paused (however long a loaded machine takes to get there), then back.
    const result = await runHeadless(
      {
        config,
        out,
        // The preflight would (rightly) refuse a fleet that is down at the start.
        preflight: false,
        outageAfterMs: 200,
        healthEveryMs: 0,
        pools: { parkDelayMs: 50 },
      },
      (text) => {
        if (text.includes('paused: every server')) down = false;
      },
    );
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(
      /paused: every server of \[generate, judge, solve, score\] has failed/,
    );
    expect(result.stderr).toMatch(/answers again after \d+ s: continuing/);
    expect(readLines(out)).toHaveLength(4);
  });

  it('stops with the outage exit code after --give-up-after, pairs file written, resumable', async () => {
    const server = await serve({ fault: () => ({ kind: 'status', status: 503 }) });
    const { config, out } = runFiles({
      run: testRun({ targetPairs: 3 }),
      endpoints: [endpointOf(server)],
      ...quick,
    });
    const result = await runHeadless({
      config,
      out,
      preflight: false,
      outageAfterMs: 100,
      giveUpAfterMs: 500,
      healthEveryMs: 0,
      pools: { parkDelayMs: 50 },
    });
    expect(result.code).toBe(EXIT.outage);
    expect(result.stderr).toMatch(
      /paused by outage: every server of \[.*\] has failed for \d+ s \(last: .*503/,
    );
    expect(result.stderr).toMatch(/run the same command again to resume when a server is back/);
    expect(existsSync(out)).toBe(true);
    expect(readLines(out)).toHaveLength(0);
  });

  it('cuts hung requests by learnt deadlines and retries them at once, never parked', async () => {
    // A ten-minute ceiling per request and a ten-minute park: only learnt deadlines and at-once
    // retries let this run finish within the test's limit.
    const ceiling = { timeoutMs: 600_000 };
    const pools = {
      liveness: { initialIdleMs: 3_000, floorMs: 500, minSamples: 4 },
      parkDelayMs: 600_000,
    };
    // Every fifth generation request (from the tenth on) is accepted and never answered.
    let seen = 0;
    const hanging = await serve({
      delayMs: 20,
      fault: (r) =>
        r.path.endsWith('completions') && ++seen >= 10 && seen % 5 === 0
          ? { kind: 'hang' }
          : undefined,
    });
    const { config, out } = runFiles({
      run: testRun({ targetPairs: 12, concurrency: 4 }),
      endpoints: [endpointOf(hanging, ceiling)],
      ...quick,
    });
    const result = await runHeadless({ config, out, healthEveryMs: 100, pools });
    expect(result.code).toBe(EXIT.ok);
    expect(hanging.requests.filter((r) => r.outcome === 'hang').length).toBeGreaterThanOrEqual(3);
    expect(journalAttempts(out).length).toBeGreaterThanOrEqual(12);
    expect(result.stderr).toMatch(/health \[/);
    expect(result.stderr).not.toMatch(/parked/);
  }, 120_000);
});
