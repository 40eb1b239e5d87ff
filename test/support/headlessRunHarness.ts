// Shared setup for the `scalequest run` tests: scripted servers that write one distinct question
// per seed, a temporary folder for run files and outputs, and the run called in-process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { headlessRun, journalPath, type HeadlessRunOptions } from '../../src/cli/run/headlessRun';
import type { JournalAttempt, JournalEntry } from '../../src/cli/run/journalLines';
import { startTestServer, type TestServer, type TestServerOptions } from './openAiTestServer';

const servers: TestServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalequest-run-'));
  dirs.push(dir);
  return dir;
}

/** A distinct question per generation seed (so exact dedup never fires), with the stop token. */
export function questionFor(seed: number): string {
  return `Question ${seed}: a crate holds ${seed + 2} apples and ${3 * seed + 5} pears. How many fruits are in it?`;
}

/** Completions: the seed's question; chat (solving): the correct sum, tagged with the choice. */
export function mathReply(body: Record<string, unknown>, index: number): string {
  if (body.prompt !== undefined) return `${questionFor(Number(body.seed))}<|im_end|>`;
  const user = (body.messages as { content: string }[]).at(-1)!.content;
  const [, a, b] = /holds (\d+) apples and (\d+) pears/.exec(user) ?? [];
  return `Add them: ${a} + ${b}. The answer is \\boxed{${Number(a) + Number(b)}} (choice ${index}).`;
}

export async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer({ reply: mathReply, ...options });
  servers.push(server);
  return server;
}

/** Run settings that keep the scripted questions: ASCII filter, exact dedup, a one-token judge. */
export function testRun(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    preset: 'quick-local',
    targetPairs: 6,
    seed: 1,
    languageMode: 'ascii',
    dedup: { near: false },
    concurrency: 3,
    ...overrides,
  };
}

export function writeRunFile(dir: string, content: unknown, name = 'run.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The model name the scripted servers are asked for. */
export const scriptedModel = 'scripted-math';

/** A run file's endpoint entry for `server`. */
export function endpointOf(
  server: TestServer,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { baseUrl: server.url, model: scriptedModel, ...extra };
}

export interface RunFiles {
  dir: string;
  /** run.json, holding `content`. */
  config: string;
  /** Where the pairs go (the journal sits next to it). */
  out: string;
  /** Where the dataset card goes. */
  card: string;
}

/** A fresh folder holding a run file, and the paths a run writes there. */
export function runFiles(content: Record<string, unknown>): RunFiles {
  const dir = tempDir();
  const config = writeRunFile(dir, content);
  return { dir, config, out: join(dir, 'pairs.jsonl'), card: join(dir, 'README.md') };
}

export interface RunResult {
  code: number;
  stderr: string;
}

/** Runs `scalequest run` in-process; `onStderr` sees each piece of its stderr as it is written. */
export async function runHeadless(
  options: Partial<HeadlessRunOptions> & Pick<HeadlessRunOptions, 'config' | 'out'>,
  onStderr?: (text: string) => void,
): Promise<RunResult> {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    onStderr?.(chunk.toString('utf8'));
  });
  const code = await headlessRun(
    { format: 'scalequest', restart: false, quiet: false, env: {}, version: 'test', ...options },
    stderr,
  );
  return { code, stderr: Buffer.concat(chunks).toString('utf8') };
}

export function readLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}

export function journalAttempts(out: string): JournalAttempt[] {
  return (readLines(journalPath(out)) as JournalEntry[]).filter(
    (e): e is JournalAttempt => e.kind === 'attempt',
  );
}
