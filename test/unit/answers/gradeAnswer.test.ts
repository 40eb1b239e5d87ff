import { describe, expect, it } from 'vitest';
import { gradeAnswer, readAnswer } from '../../../src/core/answers/gradeAnswer';
import { SymbolicSession, Undecided } from '../../../src/core/answers/symbolicSession';

describe('readAnswer', () => {
  it.each([
    ['\\frac{1}{2}', '\\frac{1}{2}'],
    ['x^2+2x+1', 'x^2+2x+1'],
    ['-2, 1', '-2, 1'],
    ['(1,2]', '(1,2]'],
    ['0,111', '0.111'],
    ['1000,99', '1000.99'],
    ['7,425,000', '7425000'],
    ['1 000', '1000'],
    ['4 4/9', '4\\frac{4}{9}'],
    ['28 pct', '28\\%'],
    ['12:00', '12:00'],
    ['$\\frac{1}{3}$', '\\frac{1}{3}'],
    ['So the answer is $\\boxed{7}$.', '7'],
    ['Evelyn', 'Evelyn'],
    ['\\$32,\\!348', '\\$32,\\!348'],
    ['', null],
  ])('%s → %s', (text, expected) => {
    expect(readAnswer(text)).toBe(expected);
  });
});

describe('gradeAnswer', () => {
  it('reads both sides the same way and compares by value', () => {
    expect(gradeAnswer('$\\frac{1}{2}$', 'The answer is 0.5.')).toEqual({
      verdict: 'equal',
      expected: '\\frac{1}{2}',
      predicted: '0.5',
    });
    expect(gradeAnswer('2', 'AZYUK2A').verdict).toBe('different');
    expect(gradeAnswer('1 - \\frac{1}{e}', '$1 + \\frac{1}{e}$').verdict).toBe('different');
  });

  it('reads the choice a solution names when the expected answer is a letter', () => {
    expect(gradeAnswer('\\text{(A)}', 'Checking each, the correct option is (A).').verdict).toBe(
      'equal',
    );
    expect(gradeAnswer('\\text{(A)}', 'Checking each, the correct option is (B).').verdict).toBe(
      'different',
    );
    expect(gradeAnswer('C', 'So the answer is **C**.').verdict).toBe('equal');
  });

  it('matches a set and the inequality describing it either way round', () => {
    expect(gradeAnswer('x \\in [-2,7]', '$-2 \\le x \\le 7$').verdict).toBe('equal');
    expect(gradeAnswer('-2 \\le x \\le 7', '$[-2, 7]$').verdict).toBe('equal');
    expect(gradeAnswer('x \\in [-2,7]', '$-2 < x \\le 7$').verdict).toBe('different');
  });

  it('says "undecided", with the limit, when the symbolic budget runs out', () => {
    const grade = gradeAnswer('(x+1)^2', 'x^2+2x+1', { budget: { timeMs: 1000, steps: 1 } });
    expect(grade).toMatchObject({ verdict: 'undecided', reason: 'step limit reached' });
    expect(gradeAnswer('(x+1)^2', 'x^2+2x+1').verdict).toBe('equal');
  });

  it('stops an evaluation that would run for long at the time limit', () => {
    const grade = gradeAnswer('5', '\\prod_{k=1}^{100000} k', {
      budget: { timeMs: 100, steps: 400 },
    });
    expect(grade).toMatchObject({ verdict: 'undecided', reason: 'time limit reached' });
  });

  it('never hands the engine a number too large to build (one BigInt step cannot be stopped)', () => {
    for (const [e, p] of <[string, string][]>[
      ['2^{2^{2^{30}}}', '2^{2^{2^{31}}}'],
      ['9^{9^{9}}', '1'],
      ['5', '\\sum_{k=1}^{10^{12}} k^2'],
      ['(10^{9})!', '1'],
    ])
      expect(gradeAnswer(e, p)).toMatchObject({
        verdict: 'undecided',
        reason: 'a value too large to evaluate',
      });
    expect(gradeAnswer('2^{1009}', '2^{1009}+1').verdict).toBe('different');
    expect(gradeAnswer('2^{10}', '1024').verdict).toBe('equal');
  });

  it('checks an identity the engine reports at its own sample points too', () => {
    // the engine calls these identical; they are not
    expect(gradeAnswer('x^{1000}', 'y^{1000}').verdict).toBe('different');
    expect(gradeAnswer('\\frac{1}{x^{400}}', '\\frac{1}{y^{400}}').verdict).toBe('different');
    expect(gradeAnswer('x^{1000}', '(x^{500})^2').verdict).toBe('equal');
  });

  it('applies the precision setting to rounded decimals only', () => {
    expect(gradeAnswer('\\frac{1}{3}', '0.333').verdict).toBe('different');
    expect(gradeAnswer('\\frac{1}{3}', '0.333', { precision: 3 }).verdict).toBe('equal');
    expect(gradeAnswer('1000000', '1000001', { precision: 0 }).verdict).toBe('different');
  });
});

describe('SymbolicSession', () => {
  it('gives up once its clock passes the deadline, and stays given up', () => {
    let now = 0;
    const session = new SymbolicSession({ timeMs: 50, steps: 100 }, () => now);
    expect(session.run((ce) => ce.parse('1+1').evaluate().re)).toBe(2);
    now = 60;
    expect(() => session.run((ce) => ce.parse('1').re)).toThrow(Undecided);
    expect(session.exhausted).toBe('time limit reached');
    session.close();
  });
});
