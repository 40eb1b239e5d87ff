// Issue 6 points 6 and 8 in Node: `scalequest run` against scripted OpenAI-compatible servers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalPath } from '../../../src/cli/run/headlessRun';
import {
  endpointOf,
  journalAttempts,
  questionFor,
  readLines,
  runFiles,
  runHeadless,
  serve,
  testRun,
} from '../../support/headlessRunHarness';
import { mixedFaultOutcomes, mixedFaultRates as rates } from '../../support/serverFaults';

describe('scalequest run', () => {
  it('keeps targetPairs unique pairs, writes the journal, the output and a card without the key', async () => {
    const server = await serve();
    const key = 'sk-test-SECRET0123456789abcdefXYZ';
    const { config, out, card } = runFiles({
      run: testRun({ targetPairs: 7 }),
      endpoints: [endpointOf(server, { apiKeyEnv: 'SQ_TEST_KEY' })],
    });
    const result = await runHeadless({
      config,
      out,
      card,
      env: { SQ_TEST_KEY: key },
      verbose: true,
    });

    expect(result.code).toBe(0);
    const pairs = readLines(out) as { query: string; response: string }[];
    expect(pairs).toHaveLength(7);
    expect(new Set(pairs.map((p) => p.query)).size).toBe(7);
    // Attempt i uses seed 1 + i; every answer is the correct sum.
    expect(pairs[0]).toEqual({
      query: questionFor(1),
      response: expect.stringContaining('\\boxed{11}') as unknown,
      // Checked against the built-in benchmark sets (action 'flag'): the verdict goes along.
      contaminated: false,
      contamination_source: null,
      contamination_overlap: 0,
    });
    const attempts = journalAttempts(out);
    expect(attempts.map((a) => a.question.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.stderr).toContain('attempt 7: kept · kept 7/7');
    // The key reached the server, and nothing else.
    expect(server.requests.every((r) => r.authorization === `Bearer ${key}`)).toBe(true);
    for (const file of [out, card, journalPath(out)])
      expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(result.stderr).not.toContain(key);
    expect(readFileSync(card, 'utf8')).toContain('- Pairs: 7');
  });

  it('writes the other formats, and rerunning a finished run rewrites the same output', async () => {
    const server = await serve();
    const { dir, config, out } = runFiles({
      run: testRun({ targetPairs: 3 }),
      endpoints: [endpointOf(server)],
    });
    // Work requests: not the preflight's model list and one-token probe.
    const work = () =>
      server.requests.filter((r) => r.method === 'POST' && r.body?.max_tokens !== 1).length;
    expect((await runHeadless({ config, out, format: 'messages' })).code).toBe(0);
    const requests = work();
    const again = await runHeadless({ config, out, format: 'sharegpt' });
    expect(again.code).toBe(0);
    expect(work()).toBe(requests);
    expect(again.stderr).toContain('resuming');
    const lines = readLines(out) as { conversations: { from: string; value: string }[] }[];
    expect(lines.map((l) => l.conversations[0]!.value)).toEqual([1, 2, 3].map(questionFor));

    const parquet = join(dir, 'pairs.parquet');
    expect((await runHeadless({ config, out: parquet, format: 'parquet' })).code).toBe(0);
    expect(readFileSync(parquet).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('completes under faults with every stored question generated once and no duplicates', async () => {
    const servers = [
      await serve({ faults: { seed: 11, rates, retryAfterS: 0.05 }, honoursN: false }),
      await serve({ faults: { seed: 12, rates, retryAfterS: 0.05 }, honoursN: false }),
    ];
    const { config, out } = runFiles({
      run: testRun({ targetPairs: 15, concurrency: 6 }),
      endpoints: servers.map((s) => endpointOf(s, { timeoutMs: 1000 })),
      // A solve request sent before the pool learns that n is ignored stays one n=3 job whose three
      // sub-requests must all succeed (~16% here), so it needs many attempts.
      retry: { attempts: 60, baseDelayMs: 2, maxDelayMs: 40 },
      breaker: { failureThreshold: 5, cooldownMs: 30, maxCooldownMs: 100 },
    });
    const result = await runHeadless({ config, out, quiet: true });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pairs = readLines(out) as { query: string }[];
    expect(pairs).toHaveLength(15);
    expect(new Set(pairs.map((p) => p.query)).size).toBe(15);
    const attempts = journalAttempts(out);
    const ids = attempts.map((a) => a.question.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(attempts.map((a) => a.question.index)).toEqual(attempts.map((_, i) => i));
    // Each stored question: its generation answered successfully exactly once, 3 solutions kept.
    const requests = servers.flatMap((s) => s.requests);
    for (const { question, solutions } of attempts) {
      const seed = question.generation.seed;
      const ok = requests.filter(
        (r) => r.outcome === 'ok' && r.path === '/v1/completions' && r.body?.seed === seed,
      );
      expect(ok).toHaveLength(1);
      if (question.status === 'kept') expect(solutions).toHaveLength(3);
    }
    const outcomes = new Set(requests.map((r) => r.outcome));
    for (const fault of mixedFaultOutcomes) expect(outcomes).toContain(fault);
  });

  it('ranks candidates by the reward model and reports it', async () => {
    const server = await serve();
    const reward = await serve({
      model: 'scripted-reward',
      // Choice 1 is the best by reward, though all agree and choice 0 is as short.
      reward: (_q, solution) => (solution.includes('(choice 1)') ? 4.5 : -1.25),
    });
    const { config, out } = runFiles({
      run: testRun({
        targetPairs: 2,
        selection: { scorer: 'reward-model', preferMajority: true },
      }),
      endpoints: [endpointOf(server)],
      rewardModel: { baseUrl: reward.url, model: 'scripted-reward' },
    });
    const result = await runHeadless({ config, out });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('selection: reward model scripted-reward');
    expect(result.stderr).toMatch(
      /concurrency: up to 3 requests in flight per server group, 4 attempts at once \(run\.concurrency\)/,
    );
    const pairs = readLines(out) as { response: string }[];
    expect(pairs.map((p) => p.response.endsWith('(choice 1).'))).toEqual([true, true]);
    for (const { solutions } of journalAttempts(out))
      expect(solutions.map((s) => [s.judgeScore, s.chosen])).toEqual([
        [-1.25, false],
        [4.5, true],
        [-1.25, false],
      ]);
    const scored = reward.requests.filter((r) => r.path === '/pooling');
    // Three candidates per stored question (attempts abandoned past the target were scored too).
    for (const { question } of journalAttempts(out))
      expect(scored.filter((r) => JSON.stringify(r.body).includes(question.text))).toHaveLength(3);
    expect(server.requests.some((r) => r.path === '/pooling')).toBe(false);
  });

  it('falls back to the local judge when the reward model is asked for but not configured', async () => {
    const server = await serve();
    const { config, out, card } = runFiles({
      run: testRun({ targetPairs: 2, selection: { scorer: 'reward-model' } }),
      endpoints: [endpointOf(server)],
    });
    const result = await runHeadless({ config, out, card });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('falling back to the local judge');
    // The card says the fallback was taken, not only the log.
    expect(readFileSync(card, 'utf8')).toContain(
      '- Ranking of candidate solutions: reward model requested but no rewardModel configured: falling back to the local judge (1–10).',
    );
    const grading = server.requests.filter((r) =>
      JSON.stringify(r.body?.messages ?? '').includes('You grade worked solutions'),
    );
    for (const { question, solutions } of journalAttempts(out)) {
      expect(grading.filter((r) => JSON.stringify(r.body).includes(question.text))).toHaveLength(3);
      for (const s of solutions) expect(s.scoreOutput).toContain('Answer: Yes');
    }
    expect(server.requests.some((r) => r.path === '/pooling')).toBe(false);
    expect(existsSync(out)).toBe(true);
  });
});
