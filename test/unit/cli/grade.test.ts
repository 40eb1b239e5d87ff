import { describe, expect, it } from 'vitest';
import { gradeCommand, looksLikeSolution } from '../../../src/cli/commands/grade';
import { commands } from '../../../src/cli/commands';
import { jsonl, runCommand } from './runCommand';

describe('scalequest grade', () => {
  it('is registered', () => {
    expect(commands.map((c) => c.name)).toContain('grade');
  });

  it('grades bare answers and whole solutions by value, one line per input, in order', async () => {
    const input = jsonl([
      { expected: '$\\frac{1}{2}$', predicted: '0.5' },
      { expected: '3', predicted: 'First we add.\nSo the answer is 3.' },
      { expected: '(1,2]', predicted: '(1,2)' },
      { expected: '18', predicted: 'She makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 18' },
      { expected: '\\frac{\\sqrt{2}}{2}', predicted: 'Thus \\boxed{\\frac{1}{\\sqrt{2}}}' },
      { expected: '2', predicted: '3' },
      { expected: 5, predicted: '5.0' },
    ]);
    const run = await runCommand(gradeCommand, [], input);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      { equivalent: true },
      { equivalent: true },
      { equivalent: false },
      { equivalent: true },
      { equivalent: true },
      { equivalent: false },
      { equivalent: true },
    ]);
    expect(run.stderr).toBe('graded 7: 5 equivalent (71.4%)\n');
  });

  it('counts a solution without a stated answer as wrong', async () => {
    const run = await runCommand(
      gradeCommand,
      [],
      jsonl([{ expected: '4', predicted: 'The answer is unclear.\n' }]),
    );
    expect(run.lines).toEqual([{ equivalent: false }]);
  });

  it('keeps line alignment on malformed lines and exits non-zero', async () => {
    const input = jsonl([
      { expected: '1', predicted: '1' },
      '{bad',
      { expected: '1' },
      { predicted: '1' },
      { expected: '2', predicted: '2' },
    ]);
    const run = await runCommand(gradeCommand, [], input);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      { equivalent: true },
      { error: expect.stringMatching(/^line 2: invalid JSON/) as unknown },
      { error: 'line 3: field "predicted" must be a string' },
      { error: 'line 4: field "expected" must be a string' },
      { equivalent: true },
    ]);
    expect(run.stderr).toBe('graded 2: 2 equivalent (100.0%), 3 malformed\n');
  });
});

describe('looksLikeSolution', () => {
  it.each([
    ['\\frac{1}{2}', false],
    ['x^2+2x+1', false],
    ['so \\boxed{4}', true],
    ['The answer is 4', true],
    ['#### 4', true],
    ['step one\nstep two', true],
    ['a'.repeat(200), true],
  ])('%s → %s', (text, expected) => {
    expect(looksLikeSolution(text)).toBe(expected);
  });
});
