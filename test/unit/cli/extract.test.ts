import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/cliCommand';
import { extractCommand } from '../../../src/cli/commands/extract';
import { commands } from '../../../src/cli/commands';
import { jsonl, runCommand } from './runCommand';

describe('scalequest extract', () => {
  it('is registered', () => {
    expect(commands.map((c) => c.name)).toContain('extract');
  });

  it('writes one answer per input line, in order', async () => {
    const input = jsonl([
      { response: 'So we get \\boxed{\\frac{1}{2}}.' },
      { response: 'Total is 5 + 7\n#### 12' },
      { response: 'The final answer is $x=3$.' },
      { response: 'I have no idea.' },
      { response: 'We count 4 then 9 items.' },
    ]);
    const run = await runCommand(extractCommand, [], input);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      { answer: '\\frac{1}{2}', from: 'boxed' },
      { answer: '12', from: 'gsm8k' },
      { answer: 'x=3', from: 'final-answer' },
      { answer: null },
      { answer: '9', from: 'number' },
    ]);
  });

  it('keeps line alignment on malformed lines and exits non-zero', async () => {
    const input = jsonl([
      { response: '\\boxed{1}' },
      'not json',
      { text: 'x' },
      '[1]',
      { response: 2 },
      { response: '\\boxed{3}' },
    ]);
    const run = await runCommand(extractCommand, [], input);
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(6);
    expect(run.lines[0]).toEqual({ answer: '1', from: 'boxed' });
    expect(run.lines[1]).toEqual({
      error: expect.stringMatching(/^line 2: invalid JSON/) as unknown,
    });
    expect(run.lines[2]).toEqual({ error: 'line 3: field "response" must be a string' });
    expect(run.lines[3]).toEqual({ error: 'line 4: expected a JSON object' });
    expect(run.lines[4]).toEqual({ answer: '2', from: 'number' });
    expect(run.lines[5]).toEqual({ answer: '3', from: 'boxed' });
  });

  it('reads --input and writes --output files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalequest-extract-'));
    const inFile = join(dir, 'in.jsonl');
    const outFile = join(dir, 'out.jsonl');
    writeFileSync(inFile, jsonl([{ response: 'the answer is 7.' }]));
    const run = await runCommand(extractCommand, ['--input', inFile, `--output=${outFile}`], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(outFile, 'utf8')).toBe('{"answer":"7","from":"answer"}\n');
  });

  it('rejects unknown options as usage errors', async () => {
    await expect(runCommand(extractCommand, ['--frobnicate'], '')).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(runCommand(extractCommand, ['--input'], '')).rejects.toBeInstanceOf(UsageError);
  });
});
