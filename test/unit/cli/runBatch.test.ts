// Batch mode round trip: each round writes OpenAI Batch JSONL, the simulator stands in for
// `vllm run-batch`, and the results come back through --batch-results until the run is done.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/run/headlessRun';
import type { TestServer } from '../../support/openAiTestServer';
import { readLines, runHeadless, serve, tempDir, testRun, writeRunFile } from './runHarness';

const model = 'scripted-math';

/** What `vllm run-batch -i input -o output` does, with the scripted server as the engine. */
async function runBatchFile(server: TestServer, input: string, output: string): Promise<void> {
  const lines = readLines(input) as {
    custom_id: string;
    method: string;
    url: string;
    body: Record<string, unknown>;
  }[];
  const out: string[] = [];
  for (const line of lines) {
    const response = await fetch(`${server.url}${line.url}`, {
      method: line.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(line.body),
    });
    out.push(
      JSON.stringify({
        id: `batch_req_${out.length}`,
        custom_id: line.custom_id,
        response: {
          status_code: response.status,
          request_id: 'r',
          body: (await response.json()) as unknown,
        },
        error: null,
      }),
    );
  }
  writeFileSync(output, `${out.join('\n')}\n`);
}

describe('scalequest run --batch', () => {
  it('round-trips a run through batch files with nothing generated twice', async () => {
    const server = await serve();
    const dir = tempDir();
    const batchDir = join(dir, 'batches');
    mkdirSync(batchDir);
    const config = writeRunFile(dir, {
      run: testRun({ targetPairs: 4, concurrency: 8 }),
      endpoints: [{ baseUrl: 'http://gpu-box:8000', model }],
    });
    const out = join(dir, 'pairs.jsonl');
    const results: string[] = [];
    const sent = new Set<string>();
    let rounds = 0;
    for (;;) {
      const before = new Set(readdirSync(batchDir));
      const result = await runHeadless({ config, out, batchDir, batchResults: [...results] });
      if (result.code === EXIT.ok) break;
      expect(result.code).toBe(EXIT.batchPending);
      expect(result.stderr).toMatch(/batch round written \(\d+ requests/);
      const written = readdirSync(batchDir).filter(
        (f) => !before.has(f) && !f.endsWith('.out.jsonl'),
      );
      expect(written.length).toBeGreaterThan(0);
      for (const file of written) {
        const input = join(batchDir, file);
        for (const line of readLines(input) as {
          custom_id: string;
          body: { stream?: unknown };
        }[]) {
          expect(sent.has(line.custom_id)).toBe(false);
          expect(line.body.stream).toBeUndefined();
          sent.add(line.custom_id);
        }
        const output = `${input}.out.jsonl`;
        await runBatchFile(server, input, output);
        results.push(output);
      }
      rounds += 1;
      expect(rounds).toBeLessThan(12);
    }
    // Generation, judge and solve are separate stages, so at least three rounds.
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(readLines(out)).toHaveLength(4);
    // Every request the server saw came from a batch file, each exactly once.
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(sent.size);
    expect(readFileSync(`${out}.batch-answers.jsonl`, 'utf8').trim().split('\n')).toHaveLength(
      sent.size,
    );
  }, 120_000);
});
