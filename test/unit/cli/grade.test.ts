import { describe, expect, it } from 'vitest';
import { gradeCommand } from '../../../src/cli/commands/grade';
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
      { expected: '9', predicted: 'Answer $ 9 $' },
      { expected: '5', predicted: 'so $x = 5$' },
    ]);
    const run = await runCommand(gradeCommand, [], input);
    expect(run.code).toBe(0);
    expect(run.lines.map((l) => (l as { equivalent: boolean }).equivalent)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(run.lines[1]).toEqual({
      equivalent: true,
      verdict: 'equal',
      expected_answer: '3',
      predicted_answer: '3',
    });
    expect(run.stderr).toBe('graded 9: 7 equivalent (77.8%)\n');
  });

  it('shows an undecided comparison, with its limit, and counts it as not equivalent', async () => {
    const input = jsonl([
      { expected: '5', predicted: '\\boxed{\\prod_{k=1}^{100000} k}' },
      { expected: '5', predicted: '\\boxed{2^{2^{2^{30}}}}' },
    ]);
    const run = await runCommand(gradeCommand, ['--time-limit-ms', '100'], input);
    expect(run.lines).toEqual([
      {
        equivalent: false,
        verdict: 'undecided',
        expected_answer: '5',
        predicted_answer: '\\prod_{k=1}^{100000} k',
        reason: 'time limit reached',
      },
      {
        equivalent: false,
        verdict: 'undecided',
        expected_answer: '5',
        predicted_answer: '2^{2^{2^{30}}}',
        reason: 'a value too large to evaluate',
      },
    ]);
    expect(run.stderr).toBe(
      'graded 2: 0 equivalent (0.0%), 2 undecided (counted as not equivalent)\n',
    );
  });

  it('takes the precision for rounded decimals as an option, and checks it', async () => {
    const line = jsonl([{ expected: '\\frac{1}{3}', predicted: '0.333' }]);
    const strict = await runCommand(gradeCommand, [], line);
    const loose = await runCommand(gradeCommand, ['--precision=3'], line);
    expect((strict.lines[0] as { verdict: string }).verdict).toBe('different');
    expect((loose.lines[0] as { verdict: string }).verdict).toBe('equal');
    await expect(runCommand(gradeCommand, ['--precision', '16'], line)).rejects.toThrow(
      '--precision needs a whole number from 0 to 15',
    );
  });

  it('counts a solution without a stated answer as wrong', async () => {
    const run = await runCommand(
      gradeCommand,
      [],
      jsonl([{ expected: '4', predicted: 'The answer is unclear.\n' }]),
    );
    expect((run.lines[0] as { equivalent: boolean }).equivalent).toBe(false);
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
    const equal = { equivalent: true, verdict: 'equal' };
    expect(run.lines).toEqual([
      { ...equal, expected_answer: '1', predicted_answer: '1' },
      { error: expect.stringMatching(/^line 2: invalid JSON/) as unknown },
      { error: 'line 3: field "predicted" must be a string' },
      { error: 'line 4: field "expected" must be a string' },
      { ...equal, expected_answer: '2', predicted_answer: '2' },
    ]);
    expect(run.stderr).toBe('graded 2: 2 equivalent (100.0%), 3 malformed\n');
  });
});
