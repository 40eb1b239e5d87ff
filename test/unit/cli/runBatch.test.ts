// Batch mode round trip: each round writes OpenAI Batch JSONL, the continuous-batching simulator
// runs the files the way `vllm run-batch` does (every line submitted at once, up to
// 2 × max-num-seqs in the engine, outputs in input order), and the results come back through
// --batch-results until the run is done; ingesting them again does nothing twice.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, journalPath } from '../../../src/cli/run/headlessRun';
import type { TestServer } from '../../support/openAiTestServer';
import { readLines, runFiles, runHeadless, scriptedModel, serve, testRun } from './runHarness';

const maxNumSeqs = 8;

interface BatchLine {
  custom_id: string;
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** vllm run-batch's answer to a line whose endpoint it does not serve (its source, 2025–26). */
function runBatchRefusal(line: BatchLine, n: number) {
  return {
    id: `vllm-refused-${n}`,
    custom_id: line.custom_id,
    response: { status_code: 400, request_id: `vllm-batch-refused-${n}`, body: null },
    error:
      `URL ${line.url} was used. Supported endpoints: ` +
      '/v1/chat/completions, /v1/embeddings, /score, /rerank.',
  };
}

/**
 * What `vllm run-batch -i input -o output` does with the simulator as its engine: every line
 * goes to the engine at once (at most 2 × max-num-seqs waiting on it), which batches them
 * continuously; output lines are written in input order. `serves` says which endpoints the
 * runner takes (run-batch: chat completions only); other lines get run-batch's refusal.
 */
async function runBatchFile(
  server: TestServer,
  input: string,
  output: string,
  serves: (url: string) => boolean = () => true,
): Promise<void> {
  const lines = readLines(input) as BatchLine[];
  const out: unknown[] = new Array(lines.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < lines.length; i = next++) {
      const line = lines[i]!;
      if (!serves(line.url)) {
        out[i] = runBatchRefusal(line, i);
        continue;
      }
      const response = await fetch(`${server.url}${line.url}`, {
        method: line.method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(line.body),
      });
      out[i] = {
        id: `vllm-${i}`,
        custom_id: line.custom_id,
        response: {
          status_code: response.status,
          request_id: `vllm-batch-${i}`,
          body: (await response.json()) as unknown,
        },
        error: null,
      };
    }
  };
  await Promise.all(Array.from({ length: 2 * maxNumSeqs }, worker));
  writeFileSync(output, `${out.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

function newFiles(dir: string, before: Set<string>): string[] {
  return readdirSync(dir)
    .filter((f) => !before.has(f) && !f.endsWith('.out.jsonl'))
    .map((f) => join(dir, f));
}

async function batchSetup(targetPairs: number) {
  // Eight sequences at a time, 1 ms + 0.05 ms per running sequence a step: a waiting queue
  // forms whenever a file holds more than eight sequences.
  const server = await serve({ batching: { maxNumSeqs, stepBaseMs: 1, perSeqMs: 0.05 } });
  const { dir, config, out } = runFiles({
    run: testRun({ targetPairs, concurrency: 8 }),
    endpoints: [{ baseUrl: 'http://gpu-box:8000', model: scriptedModel }],
  });
  const batchDir = join(dir, 'batches');
  mkdirSync(batchDir);
  return { server, batchDir, config, out };
}

const posts = (server: TestServer) => server.requests.filter((r) => r.method === 'POST').length;

describe('scalequest run --batch', () => {
  it('round-trips a run through batch files run by the batching simulator; a re-ingest does nothing twice', async () => {
    const { server, batchDir, config, out } = await batchSetup(4);
    const results: string[] = [];
    const sent = new Set<string>();
    let completionTokens = 0;
    let rounds = 0;
    for (;;) {
      const before = new Set(readdirSync(batchDir));
      const result = await runHeadless({ config, out, batchDir, batchResults: [...results] });
      if (result.code === EXIT.ok) break;
      expect(result.code).toBe(EXIT.batchPending);
      expect(result.stderr).toMatch(/batch round written \(\d+ requests/);
      const written = newFiles(batchDir, before);
      expect(written.length).toBeGreaterThan(0);
      for (const input of written) {
        const lines = readLines(input) as BatchLine[];
        // One endpoint per file, so each file can go to an engine that serves it.
        expect(new Set(lines.map((l) => l.url)).size).toBe(1);
        expect(
          input.endsWith(lines[0]!.url.includes('/chat/') ? '-chat.jsonl' : '-completions.jsonl'),
        ).toBe(true);
        for (const line of lines) {
          expect(sent.has(line.custom_id)).toBe(false);
          expect(line.body.stream).toBeUndefined();
          sent.add(line.custom_id);
        }
        const output = `${input}.out.jsonl`;
        await runBatchFile(server, input, output);
        for (const line of readLines(output) as {
          response: { body: { usage: { completion_tokens: number } } };
        }[])
          completionTokens += line.response.body.usage.completion_tokens;
        results.push(output);
      }
      rounds += 1;
      expect(rounds).toBeLessThan(12);
    }
    // Generation, judge and solve are separate stages, so at least three rounds.
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(readLines(out)).toHaveLength(4);
    // Every token of every answer was produced by the simulator's engine steps.
    const engine = server.batcher!.stats();
    expect(engine.generatedTokens).toBe(completionTokens);
    expect(engine.steps).toBeGreaterThan(0);
    // Every request the server saw came from a batch file, each exactly once.
    expect(posts(server)).toBe(sent.size);
    const answersFile = `${out}.batch-answers.jsonl`;
    const answers = readFileSync(answersFile, 'utf8');
    expect(answers.trim().split('\n')).toHaveLength(sent.size);

    // Ingesting every result again (each file twice) writes nothing, sends nothing, stores nothing.
    const journal = readFileSync(journalPath(out), 'utf8');
    const pairs = readFileSync(out, 'utf8');
    const before = new Set(readdirSync(batchDir));
    const again = await runHeadless({
      config,
      out,
      batchDir,
      batchResults: [...results, ...results],
    });
    expect(again.code).toBe(EXIT.ok);
    expect(again.stderr).toMatch(/batch mode: \d+ answers collected \(0 new\)/);
    expect(newFiles(batchDir, before)).toEqual([]);
    expect(posts(server)).toBe(sent.size);
    expect(readFileSync(answersFile, 'utf8')).toBe(answers);
    expect(readFileSync(journalPath(out), 'utf8')).toBe(journal);
    expect(readFileSync(out, 'utf8')).toBe(pairs);
  }, 120_000);

  it("takes vllm run-batch's refusals as errors, not answers: those requests go into the next round", async () => {
    const { server, batchDir, config, out } = await batchSetup(2);
    const first = await runHeadless({ config, out, batchDir });
    expect(first.code).toBe(EXIT.batchPending);
    const [generation] = newFiles(batchDir, new Set());
    expect(generation).toMatch(/-completions\.jsonl$/);
    const asked = (readLines(generation!) as BatchLine[]).map((l) => l.custom_id).sort();

    // run-batch serves chat completions only: every question-generation line comes back refused.
    const refused = `${generation}.out.jsonl`;
    await runBatchFile(server, generation!, refused, (url) => url === '/v1/chat/completions');
    expect(posts(server)).toBe(0);
    let before = new Set(readdirSync(batchDir));
    const second = await runHeadless({ config, out, batchDir, batchResults: [refused] });
    expect(second.code).toBe(EXIT.batchPending);
    expect(second.stderr).toContain(
      `batch: ${asked.length} requests came back as errors, not answers (first: 400: URL /v1/completions was used.`,
    );
    expect(second.stderr).toMatch(/batch mode: 0 answers collected \(0 new\)/);
    expect(existsSync(`${out}.batch-answers.jsonl`)).toBe(false);
    const [retry] = newFiles(batchDir, before);
    expect((readLines(retry!) as BatchLine[]).map((l) => l.custom_id).sort()).toEqual(asked);

    // Run on an engine that serves raw completions (a Ray Data job, a hosted Batch API): the run moves on.
    const answered = `${retry}.out.jsonl`;
    await runBatchFile(server, retry!, answered);
    before = new Set(readdirSync(batchDir));
    const third = await runHeadless({ config, out, batchDir, batchResults: [refused, answered] });
    expect(third.code).toBe(EXIT.batchPending);
    expect(third.stderr).not.toMatch(/came back as errors/);
    expect(third.stderr).toMatch(
      new RegExp(`batch mode: ${asked.length} answers collected \\(${asked.length} new\\)`),
    );
    // The judge's requests about the generated questions: the next stage.
    expect(newFiles(batchDir, before).some((f) => f.endsWith('-chat.jsonl'))).toBe(true);
  }, 120_000);
});
