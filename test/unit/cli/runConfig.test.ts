// The run file: validation with a path and a reason for each problem, exit code 2, no keys read from it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfigHash } from '../../../src/cli/run/configHash';
import { ProblemList } from '../../../src/cli/run/configProblems';
import { parseRunFile, type RunFile } from '../../../src/cli/run/runFile';
import { runHeadless, tempDir, writeRunFile } from './runHarness';

const endpoint = { baseUrl: 'http://127.0.0.1:9', model: 'm' };

function problems(raw: unknown, env: Record<string, string> = {}): string[] {
  const parsed = parseRunFile(raw, '/tmp', env);
  if (!(parsed instanceof ProblemList)) return [];
  return parsed.problems.map((p) => `${p.path}: ${p.reason}`);
}

function parsed(raw: unknown, env: Record<string, string> = {}): RunFile {
  const result = parseRunFile(raw, '/tmp', env);
  if (result instanceof ProblemList) throw new Error(JSON.stringify(result.problems));
  return result;
}

describe('run file', () => {
  it('merges run settings over the preset', () => {
    const file = parsed({
      run: { preset: 'scalequest-paper', targetPairs: 50, solve: { samples: 4 } },
      endpoints: [endpoint],
    });
    expect(file.run.preset).toBe('scalequest-paper');
    expect(file.run.targetPairs).toBe(50);
    expect(file.run.maxAttempts).toBe(200);
    expect(file.run.solve.samples).toBe(4);
    expect(file.run.solve.temperature).toBe(0.7);
    expect(file.run.selection.scorer).toBe('reward-model');
  });

  it('fills every server when run.concurrency is not set, and keeps it when it is', () => {
    const three = [endpoint, { ...endpoint, name: 'b' }, { ...endpoint, name: 'c' }];
    const auto = parsed({
      run: { preset: 'scalequest-paper', targetPairs: 5000 },
      endpoints: three,
    });
    expect([auto.run.concurrency, auto.run.lookAhead]).toEqual([768, 16]);
    expect(auto.autoConcurrency).toEqual({ endpoints: 3 });
    const cluster = parsed({
      run: { targetPairs: 5000 },
      endpoints: [{ ...endpoint, maxConcurrency: 2000 }],
    });
    expect(cluster.run.concurrency).toBe(2000);
    // A small run starts no more attempts than it keeps.
    expect(parsed({ run: { targetPairs: 40 }, endpoints: three }).run.concurrency).toBe(40);
    const many = Array.from({ length: 40 }, (_, i) => ({ ...endpoint, name: `e${i}` }));
    expect(parsed({ run: { targetPairs: 10_000 }, endpoints: many }).run.concurrency).toBe(4096);
    const lookAhead = parsed({
      run: { lookAhead: 3, targetPairs: 500 },
      endpoints: [endpoint],
    }).run;
    expect([lookAhead.concurrency, lookAhead.lookAhead]).toEqual([256, 3]);
    const given = parsed({ run: { concurrency: 8 }, endpoints: three });
    expect([given.run.concurrency, given.run.lookAhead, given.autoConcurrency]).toEqual([
      8,
      2,
      undefined,
    ]);
  });

  it('reports each problem with its path', () => {
    expect(
      problems({
        run: {
          preset: 'nope',
        },
        endpoints: [],
      }),
    ).toEqual([
      'run.preset: must be one of studio-default, scalequest-paper, quick-local (got "nope")',
      'endpoints: must be a non-empty list of {baseUrl, model, apiKeyEnv?}',
      'roles.generate: no endpoint serves this role: list it here, or leave an endpoint out of every role',
      'roles.judge: no endpoint serves this role: list it here, or leave an endpoint out of every role',
      'roles.solve: no endpoint serves this role: list it here, or leave an endpoint out of every role',
      'roles.score: no endpoint serves this role: list it here, or leave an endpoint out of every role',
    ]);
    expect(
      problems({
        run: { solve: { samples: 'three', extra: 1 }, selection: { scorer: 'oracle' } },
        endpoints: [
          { baseUrl: 'ftp://x', model: '' },
          { ...endpoint, timeoutMs: -1 },
        ],
        retries: 3,
      }),
    ).toEqual([
      'run.solve.samples: must be a number (got string)',
      expect.stringMatching(/^run\.solve\.extra: unknown setting; expected one of samples, /),
      "endpoints[0].baseUrl: 'ftp://x' must start with http:// or https://",
      'endpoints[0].model: must be a non-empty string (got string)',
      'endpoints[1].timeoutMs: must be a whole number ≥ 1 (got -1)',
      expect.stringMatching(/^retries: unknown setting; expected one of/),
    ]);
    expect(problems({ run: { selection: { scorer: 'oracle' } }, endpoints: [endpoint] })).toEqual([
      'run.selection.scorer: Selection scorer must be one of "off", "local-judge", "reward-model" (got "oracle").',
    ]);
  });

  it('reads API keys only from the environment', () => {
    expect(problems({ endpoints: [{ ...endpoint, apiKey: 'sk-in-the-file' }] })).toEqual([
      'endpoints[0].apiKey: credentials are never read from the run file; name an environment variable in apiKeyEnv',
    ]);
    expect(problems({ endpoints: [{ ...endpoint, apiKeyEnv: 'SQ_KEY' }] })).toEqual([
      'endpoints[0].apiKeyEnv: environment variable SQ_KEY is not set',
    ]);
    const file = parsed({ endpoints: [{ ...endpoint, apiKeyEnv: 'SQ_KEY' }] }, { SQ_KEY: 'k-123' });
    expect(file.endpoints[0]!.apiKey).toBe('k-123');
  });

  it('maps roles to endpoints; unlisted roles use the endpoints no role names', () => {
    const file = parsed({
      endpoints: [
        { ...endpoint, name: 'qgen', model: 'qgen-7b' },
        { ...endpoint, name: 'solver-a' },
        { ...endpoint, name: 'solver-b' },
      ],
      roles: { generate: 'qgen' },
    });
    expect(file.roles).toEqual({
      generate: ['qgen'],
      judge: ['solver-a', 'solver-b'],
      solve: ['solver-a', 'solver-b'],
      score: ['solver-a', 'solver-b'],
    });
    expect(
      problems({
        endpoints: [{ ...endpoint, name: 'a' }],
        roles: { generate: 'a', solve: ['b'], grade: 'a' },
      }),
    ).toEqual([expect.stringMatching(/^roles\.grade: unknown setting/)]);
    // The names are checked once the file has the right shape.
    expect(
      problems({
        endpoints: [{ ...endpoint, name: 'a' }],
        roles: { generate: 'a', solve: ['b'] },
      }),
    ).toEqual([
      'roles.solve: no endpoint is named "b" (names: a)',
      'roles.judge: no endpoint serves this role: list it here, or leave an endpoint out of every role',
      'roles.score: no endpoint serves this role: list it here, or leave an endpoint out of every role',
    ]);
  });

  it('hashes what decides the data, not speed, size or where the servers are', () => {
    const base = { run: { targetPairs: 5 }, endpoints: [endpoint] };
    const hash = runConfigHash(parsed(base));
    const same = parsed({
      run: { targetPairs: 9, maxAttempts: 90, concurrency: 8 },
      endpoints: [{ ...endpoint, baseUrl: 'http://other:8000', timeoutMs: 5 }],
    });
    expect(runConfigHash(same)).toBe(hash);
    const other = parsed({ run: { targetPairs: 5, seed: 2 }, endpoints: [endpoint] });
    expect(runConfigHash(other)).not.toBe(hash);
  });

  it('exits with code 2 and the list of problems', async () => {
    const dir = tempDir();
    const config = writeRunFile(dir, '{"run": {"targetPairs": 0}, "endpoints": [{"model": "m"}]}');
    const result = await runHeadless({ config, out: join(dir, 'out.jsonl') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`invalid run file ${config}: 2 problems`);
    expect(result.stderr).toContain(
      'endpoints[0].baseUrl: must be a non-empty string (got undefined)',
    );
    expect(result.stderr).toContain(
      'run.targetPairs: The number of questions must be a whole number of at least 1.',
    );
    const broken = writeRunFile(dir, '{"run": ', 'broken.json');
    const parse = await runHeadless({ config: broken, out: join(dir, 'out.jsonl') });
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/\(top level\): not valid JSON/);
  });
});
