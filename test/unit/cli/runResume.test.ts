// Kill and resume: the CLI as a child process, SIGKILLed (or interrupted) mid-run, then rerun.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { journalPath } from '../../../src/cli/run/headlessRun';
import { journalAttempts, readLines, serve, tempDir, testRun, writeRunFile } from './runHarness';

const cli = fileURLToPath(new URL('../../../src/cli/scalequest.mjs', import.meta.url));

interface Child {
  process: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startCli(args: string[]): Child {
  const child = spawn(process.execPath, [cli, 'run', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: child, exit };
}

/** Resolves once the journal holds `lines` stored attempts (or the child exits first). */
async function journalReaches(path: string, lines: number, child: Child): Promise<void> {
  let exited = false;
  void child.exit.then(() => (exited = true));
  for (;;) {
    const count = existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"kind":"attempt"')).length
      : 0;
    if (count >= lines) return;
    if (exited) throw new Error(`the run ended before storing ${lines} attempts`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function slowRun(targetPairs: number) {
  // Two sequences at 3 ms a step: a solve takes ~0.1 s, so the run is still going when killed.
  const server = await serve({ batching: { maxNumSeqs: 2, stepBaseMs: 3, perSeqMs: 0 } });
  const dir = tempDir();
  const config = writeRunFile(dir, {
    run: testRun({ targetPairs, concurrency: 2 }),
    endpoints: [{ baseUrl: server.url, model: 'scripted-math' }],
  });
  const out = join(dir, 'pairs.jsonl');
  return { server, config, out, args: ['--config', config, '--out', out] };
}

function checkFinished(out: string, targetPairs: number): void {
  const pairs = readLines(out) as { query: string }[];
  expect(pairs).toHaveLength(targetPairs);
  expect(new Set(pairs.map((p) => p.query)).size).toBe(targetPairs);
  const attempts = journalAttempts(out);
  const ids = attempts.map((a) => a.question.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(attempts.map((a) => a.question.index)).toEqual(attempts.map((_, i) => i));
}

describe('scalequest run, killed and resumed', () => {
  it('after SIGKILL, rerunning finishes with exactly targetPairs unique pairs', async () => {
    const { args, out } = await slowRun(12);
    const first = startCli(args);
    await journalReaches(journalPath(out), 3, first);
    first.process.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    const stored = journalAttempts(out).length;
    expect(stored).toBeGreaterThanOrEqual(3);

    const second = await startCli(args).exit;
    expect(second.stderr).toContain(`resuming`);
    expect(second.stderr).toContain(`${stored} attempts stored`);
    expect(second.code).toBe(0);
    checkFinished(out, 12);
  }, 60_000);

  it('on SIGINT stops with exit code 130, says how to resume, and resumes', async () => {
    const { args, out } = await slowRun(10);
    const first = startCli(args);
    await journalReaches(journalPath(out), 2, first);
    first.process.kill('SIGINT');
    const stopped = await first.exit;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(
      /interrupted \(SIGINT\)\. .* holds \d+ attempts .*; run the same command again to resume\./,
    );

    const second = await startCli(args).exit;
    expect(second.code).toBe(0);
    checkFinished(out, 10);
  }, 60_000);
});
