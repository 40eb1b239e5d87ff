import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dedupCommand } from '../../../src/cli/commands/dedup';
import { UsageError } from '../../../src/cli/cliCommand';

async function runDedup(input: string, args: string[] = []) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await dedupCommand.run(args, { stdin: Readable.from([input]), stdout, stderr });
  const lines = out
    .join('')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stderr: err.join('') };
}

const base =
  'Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?';

describe('scalequest dedup', () => {
  it('marks duplicates in input order, pointing at the first occurrence', async () => {
    const input = [
      { id: 'a', text: base },
      { id: 'b', text: 'What is the capital of France, and how many people live there?' },
      { id: 'c', text: base.toLowerCase() },
      { id: 'd', text: base.replace('50', '45') },
      { id: 'e', text: base.replace(/\d+/g, '7') },
    ]
      .map((q) => JSON.stringify(q))
      .join('\n');
    const plain = await runDedup(input);
    expect(plain.code).toBe(0);
    expect(plain.lines).toEqual([
      { id: 'a', duplicate_of: null },
      { id: 'b', duplicate_of: null },
      { id: 'c', duplicate_of: 'a' },
      { id: 'd', duplicate_of: 'a' },
      { id: 'e', duplicate_of: null },
    ]);
    expect(plain.stderr).toBe('dedup: 5 questions, 3 unique, 1 exact, 1 near duplicates\n');

    const masked = await runDedup(input, ['--mask-numbers']);
    expect(masked.lines[4]).toEqual({ id: 'e', duplicate_of: 'a' });
    expect(masked.stderr).toContain('1 template');
  });

  it('reports malformed lines in place and exits non-zero', async () => {
    const input = `{"id": "a", "text": "${base}"}\nnot json\n{"id": "b"}\n\n{"id": "c", "text": "${base}"}\n`;
    const { code, lines, stderr } = await runDedup(input);
    expect(code).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ id: 'a', duplicate_of: null });
    expect(lines[1]).toMatchObject({ line: 2, error: expect.any(String) as unknown });
    expect(lines[2]).toEqual({ line: 3, error: "missing string 'text'" });
    expect(lines[3]).toEqual({ id: 'c', duplicate_of: 'a' });
    expect(stderr).toContain('2 malformed lines');
  });

  it('honours --threshold and rejects bad options', async () => {
    const input = [base, base.replace('50', '45').replace('Yesterday', 'Today')]
      .map((text, i) => JSON.stringify({ id: String(i), text }))
      .join('\n');
    expect((await runDedup(input, ['--threshold', '0.99'])).lines[1]).toEqual({
      id: '1',
      duplicate_of: null,
    });
    expect((await runDedup(input, ['--threshold', '0.5'])).lines[1]).toEqual({
      id: '1',
      duplicate_of: '0',
    });
    await expect(runDedup(input, ['--threshold', '2'])).rejects.toThrow(UsageError);
    await expect(runDedup(input, ['--bogus'])).rejects.toThrow(UsageError);
  });
});
