// `scalequest run` checks its servers and its files before any work, in a terminal's words.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, journalPath } from '../../../src/cli/run/headlessRun';
import { readLines, runHeadless, serve, tempDir, testRun, writeRunFile } from './runHarness';

const model = 'scripted-math';

describe('scalequest run preflight', () => {
  it('refuses a model the server does not serve, before any generation or journal', async () => {
    const server = await serve();
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun(),
      endpoints: [{ name: 'box', baseUrl: server.url, model: 'Qwen/typo' }],
    });
    const out = join(dir, 'pairs.jsonl');
    const result = await runHeadless({ config, out });
    expect(result.code).toBe(EXIT.badConfig);
    expect(result.stderr).toContain(
      "box: Model not served: The server does not serve 'Qwen/typo'. It lists: scripted-math.",
    );
    expect(result.stderr).toContain('1 of 1 endpoints failed the preflight; nothing was run.');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(existsSync(journalPath(out))).toBe(false);
  });

  it('says why a server cannot be reached, in terminal words (no CORS), within seconds', async () => {
    const gone = await serve();
    const url = gone.url;
    await gone.close();
    const html = await serve({
      modelsResponse: {
        status: 200,
        body: '<html><head><title>Grafana</title></head></html>',
        contentType: 'text/html',
      },
    });
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun(),
      endpoints: [
        { name: 'dead', baseUrl: url, model },
        { name: 'web', baseUrl: html.url, model },
      ],
    });
    const result = await runHeadless({ config, out: join(dir, 'pairs.jsonl') });
    expect(result.code).toBe(EXIT.badConfig);
    expect(result.stderr).toMatch(
      /dead: Server unreachable: Connection refused by 127\.0\.0\.1:\d+/,
    );
    expect(result.stderr).toMatch(/web: .*not an OpenAI-compatible server: Grafana/);
    expect(result.stderr).not.toMatch(/CORS/);
  });

  it('notes a server that neither streams nor honours n, and runs on it', async () => {
    const server = await serve({ honoursN: false, streaming: false });
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun({ targetPairs: 2 }),
      endpoints: [{ name: 'plain', baseUrl: server.url, model }],
    });
    const result = await runHeadless({ config, out: join(dir, 'pairs.jsonl') });
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(
      /preflight plain \(.*\/v1\): ok · 1-token answer in \d+ ms · does not stream .* · ignores n/,
    );
  });
});

describe('scalequest run output files', () => {
  it('never overwrites a file the run did not create, unless --force', async () => {
    const server = await serve();
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun({ targetPairs: 2 }),
      endpoints: [{ baseUrl: server.url, model }],
    });
    const out = join(dir, 'notes.jsonl');
    writeFileSync(out, 'precious\n');
    const refused = await runHeadless({ config, out });
    expect(refused.code).toBe(EXIT.badConfig);
    expect(refused.stderr).toMatch(
      /--out .*notes\.jsonl already exists and this run did not create it/,
    );
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(server.requests).toHaveLength(0);

    const forced = await runHeadless({ config, out, force: true });
    expect(forced.code).toBe(EXIT.ok);
    expect(readLines(out)).toHaveLength(2);
    // From now on the file is the run's own (its journal is beside it): a rerun may rewrite it.
    expect((await runHeadless({ config, out })).code).toBe(EXIT.ok);
  });

  it('checks output paths before any request', async () => {
    const server = await serve();
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun(),
      endpoints: [{ baseUrl: server.url, model }],
    });
    mkdirSync(join(dir, 'folder'));
    const folder = await runHeadless({ config, out: join(dir, 'folder') });
    expect(folder.code).toBe(EXIT.badConfig);
    expect(folder.stderr).toMatch(/--out .*folder: is a folder; name a file inside it/);
    const missing = await runHeadless({ config, out: join(dir, 'nowhere', 'pairs.jsonl') });
    expect(missing.stderr).toMatch(/the folder .*nowhere does not exist/);
    expect(server.requests).toHaveLength(0);
  });

  it('lets one process at a time own a journal and names the holder', async () => {
    const server = await serve({ delayMs: 50 });
    const dir = tempDir();
    const config = writeRunFile(dir, {
      run: testRun({ targetPairs: 1000, maxAttempts: 4000 }),
      endpoints: [{ baseUrl: server.url, model }],
    });
    const out = join(dir, 'pairs.jsonl');
    // The first run cannot finish on its own: it holds the lock until it is stopped.
    const stop = new AbortController();
    const first = runHeadless({ config, out, signal: stop.signal });
    // Wait until the first run holds the lock.
    while (!existsSync(`${journalPath(out)}.lock`)) await new Promise((r) => setTimeout(r, 10));
    const second = await runHeadless({ config, out });
    expect(second.code).toBe(EXIT.badConfig);
    expect(second.stderr).toContain(`another scalequest run (pid ${process.pid}) is writing`);
    stop.abort();
    expect((await first).code).toBe(EXIT.interrupted);
    expect(existsSync(`${journalPath(out)}.lock`)).toBe(false);
  });
});
