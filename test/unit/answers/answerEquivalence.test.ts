import { describe, expect, it, vi } from 'vitest';
import { answersEquivalent, normalizeAnswer } from '../../../src/core/answers/answerEquivalence';

type Case = [string, string];

function expectSame(cases: Case[]): void {
  for (const [a, b] of cases) {
    expect(answersEquivalent(a, b), `${a} ≡ ${b}`).toBe(true);
    expect(answersEquivalent(b, a), `${b} ≡ ${a}`).toBe(true);
  }
}

function expectDifferent(cases: Case[]): void {
  for (const [a, b] of cases) {
    expect(answersEquivalent(a, b), `${a} ≢ ${b}`).toBe(false);
    expect(answersEquivalent(b, a), `${b} ≢ ${a}`).toBe(false);
  }
}

describe('normalizeAnswer', () => {
  it.each([
    ['$5$', '5'],
    ['\\boxed{12}', '12'],
    ['1,234,567', '1234567'],
    ['11,\\! 111,\\! 111,\\! 100', '11111111100'],
    ['\\dfrac{1}{2}', '\\frac{1}{2}'],
    ['\\tfrac 59', '\\frac{5}{9}'],
    ['\\frac9{19}', '\\frac{9}{19}'],
    ['\\frac{270}7', '\\frac{270}{7}'],
    ['\\sqrt2', '\\sqrt{2}'],
    ['30^\\circ', '30'],
    ['30^{\\circ}', '30'],
    ['45°', '45'],
    ['\\$18.90', '18.90'],
    ['50\\%', '50\\%'],
    ['50 percent', '50\\%'],
    ['28 pct', '28\\%'],
    ['5.4 \\text{ cents}', '5.4'],
    ['864 \\mbox{ inches}^2', '864'],
    ['12 cm^2', '12'],
    ['\\text{(C)}', 'C'],
    ['\\text{Navin}', 'navin'],
    ['\\left( 1, 2 \\right]', '(1,2]'],
    ['x \\in [-2,7]', '[-2,7]'],
    ['\\pi r^2', '\\pi r^2'],
    ['5.', '5'],
    ['+7', '7'],
    ['\\displaystyle\\frac{1}{2}', '\\frac{1}{2}'],
  ])('%s → %s', (answer, expected) => {
    expect(normalizeAnswer(answer)).toBe(expected);
  });

  it('keeps equations (their value is read when comparing) and variables that look like units', () => {
    expect(normalizeAnswer('y = 2x + 3')).toBe('y=2x+3');
    expect(normalizeAnswer('x \\geq 5')).toBe('x\\ge5');
    expect(normalizeAnswer('x >= 5')).toBe(normalizeAnswer('x \\ge 5'));
    expect(normalizeAnswer('5x - 7y + 4 = 0')).toBe('5x-7y+4=0');
    expect(normalizeAnswer('2m')).toBe('2m');
    expect(normalizeAnswer('x')).toBe('x');
  });
});

describe('answersEquivalent: numbers', () => {
  it('compares integers, decimals, signs and thousands separators by value', () => {
    expectSame([
      ['5', '5.0'],
      ['0.5', '.5'],
      ['-3', '-3.00'],
      ['+4', '4'],
      ['1,000', '1000'],
      ['\\$32,\\!348', '32348'],
      ['58,500', '58500'],
      ['1.2e3', '1200'],
      ['6.72\\times10^{-5}', '.0000672'],
      ['0.1+0.2', '0.3'],
      ['007.50', '7.5'],
      ['-0', '0'],
      ['12345678901234567890', '12,345,678,901,234,567,890'],
    ]);
    expectDifferent([
      ['2', '3'],
      ['-3', '3'],
      ['1.5', '1.50001'],
      ['1000', '100'],
      ['1000001', '1000000'],
      ['1000000', '1000000.5'],
      ['12345678901234567890', '12345678901234567891'],
      ['0.33333', '0.3333333'],
    ]);
    // two rounded decimals agree when they agree to the grading precision (6 places)
    expectSame([['0.333333', '0.3333333']]);
  });

  it('compares fractions, \\frac variants and mixed numbers by value', () => {
    expectSame([
      ['\\frac{1}{2}', '0.5'],
      ['1/2', '\\frac12'],
      ['\\dfrac{3}{4}', '0.75'],
      ['\\tfrac{2}{4}', '\\frac{1}{2}'],
      ['\\frac 59', '\\frac{10}{18}'],
      ['-\\frac{3}{8}', '-0.375'],
      ['\\frac{-3}{8}', '-\\frac38'],
      ['1\\frac{4}{5}', '\\frac{9}{5}'],
      ['137 \\frac{1}{2}', '137.5'],
      ['\\frac{1}{3}', '0.333333333'],
    ]);
    expectDifferent([
      ['\\frac{1}{2}', '\\frac{1}{3}'],
      ['\\frac{1}{3}', '0.33'],
      ['-\\frac{1}{2}', '\\frac{1}{2}'],
    ]);
  });

  it('treats a percentage as its number ÷ 100, an expected one also as its bare number, never plain 50 as 0.5', () => {
    expectSame([
      ['50%', '0.5'],
      ['50%', '\\frac{1}{2}'],
      ['12.5\\%', '0.125'],
      ['50\\%', '50 percent'],
    ]);
    // Math-Verify's asymmetry: an expected 50% accepts 50, an expected 50 does not accept 50%
    expect(answersEquivalent('50\\%', '50')).toBe(true);
    expect(answersEquivalent('50', '50\\%')).toBe(false);
    // peers in a vote are compared both ways
    expect(answersEquivalent('50', '50\\%', { symmetric: true })).toBe(true);
    expectDifferent([
      ['50', '0.5'],
      ['50%', '5'],
      ['50%', '25%'],
    ]);
  });

  it('strips units, text, dollars and degrees', () => {
    expectSame([
      ['30^\\circ', '30'],
      ['90^{\\circ}', '90°'],
      ['\\$36', '36'],
      ['$36 dollars', '36'],
      ['5.4 \\text{ cents}', '5.4'],
      ['864 \\mbox{ inches}^2', '864'],
      ['15\\mbox{ cm}^2', '15'],
      ['\\frac{270}7\\text{ degrees}', '\\frac{270}{7}'],
      ['10 meters', '10'],
      ['\\text{(B)}', 'B'],
      ['(B)', '\\text{B}'],
      ['\\text{Evelyn}', 'evelyn'],
      ['\\textbf{even}', 'Even'],
      ['288\\pi \\text{ cubic units}', '288 \\pi'],
    ]);
    expectDifferent([
      ['288\\pi \\text{ apples}', '288 \\pi'],
      ['30^\\circ', '60'],
      ['\\text{(B)}', 'C'],
      ['\\text{odd}', 'even'],
      ['2m', '2'],
    ]);
  });

  it('reads a numeral in a named base by its digits', () => {
    expectSame([
      ['52_8', '52'],
      ['4210_{5}', '4210_5'],
    ]);
    expectDifferent([
      ['52_8', '42'],
      ['52_8', '42_8'],
    ]);
  });

  it('ignores LaTeX spacing, \\left/\\right and math delimiters', () => {
    expectSame([
      ['\\frac{1}{2}', '\\frac{1}{2}\\,'],
      ['1\\!000', '1000'],
      ['3\\ \\pi', '3\\pi'],
      ['\\left(2,3\\right)', '(2, 3)'],
      ['$\\frac{3}{2}$', '\\(1.5\\)'],
      ['\\[7\\]', '7'],
    ]);
  });
});

describe('answersEquivalent: structure', () => {
  it('compares tuples and intervals element by element, brackets included', () => {
    expectSame([
      ['\\left( \\frac{3}{2}, -13 \\right)', '(1.5,-13)'],
      ['(1,2]', '\\left(1, 2\\right]'],
      ['[\\frac{1}{2}, 3)', '[0.5,3)'],
      ['(-\\infty, 0]', '(-\\infty,0]'],
      ['(2,12) \\cup (12,102)', '(2,12)\\cup(12,102)'],
      ['x \\in [-2,7]', '[-2,7]'],
      ['(6,31,-1)', '(6, 31, -1.0)'],
      [
        '\\left[ \\frac{\\pi^2}{8}, \\frac{5 \\pi^2}{4} \\right]',
        '[\\frac{\\pi^2}{8},\\frac{5\\pi^2}{4}]',
      ],
    ]);
    expectDifferent([
      ['(1,2]', '(1,2)'],
      ['[1,2]', '(1,2)'],
      ['(1,2)', '(2,1)'],
      ['(1,2)', '(1,2,3)'],
      ['(2,12) \\cup (12,102)', '(2,102)'],
      ['(-\\infty, 0]', '(-\\infty, 0)'],
    ]);
  });

  it('compares sets and bare lists of solutions in any order, expanding \\pm', () => {
    expectSame([
      ['1,-2', '-2, 1'],
      ['3, 5, 7', '7,5,3'],
      ['\\{1,2\\}', '\\{2,1\\}'],
      ['\\lbrace 1,2 \\rbrace', '\\left\\{2,1\\right\\}'],
      ['3 \\pm 2 \\sqrt{2}', '3+2\\sqrt2, 3-2\\sqrt2'],
      ['\\{1\\pm\\sqrt{5},-2\\}', '\\{-2, 1+\\sqrt5, 1-\\sqrt5\\}'],
      ['\\pm 2', '2,-2'],
    ]);
    expectDifferent([
      ['1,-2', '1,2'],
      ['3, 5, 7', '3, 5'],
      ['3 \\pm 2', '5'],
    ]);
  });

  it('reads inequalities joined by "or" and set-builder notation as the set they describe', () => {
    expectSame([
      ['(-\\infty, 2) \\cup (3, \\infty)', 'x<2 \\text{ or } x>3'],
      ['(-\\infty, 2) \\cup (3, \\infty)', 'x > 3 or x < 2'],
      ['[2,5)', '\\{x \\mid 2 \\le x < 5\\}'],
      ['[2,5)', '\\{x \\in \\mathbb{R} : 2 \\le x < 5\\}'],
    ]);
    expectDifferent([
      ['(-\\infty, 2) \\cup (3, \\infty)', 'x \\le 2 \\text{ or } x > 3'],
      ['(-\\infty, 2) \\cup (3, \\infty)', 'x<2'],
      ['[2,5)', '\\{x \\mid 2 < x < 5\\}'],
    ]);
  });

  it('spells the empty set, the real line and a residue one way each', () => {
    expectSame([
      ['\\emptyset', '\\{\\}'],
      ['\\emptyset', '\\varnothing'],
      ['(-\\infty,\\infty)', '\\mathbb{R}'],
      ['2', '2 \\pmod{5}'],
      ['2', '17 \\equiv 2 \\pmod 5'],
    ]);
    expectDifferent([
      ['\\emptyset', '0'],
      ['(-\\infty,\\infty)', '(0,\\infty)'],
      ['2', '17 \\equiv 3 \\pmod 5'],
    ]);
  });

  it('compares matrices and vectors cell by cell', () => {
    expectSame([
      [
        '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}',
        '\\begin{pmatrix}0.2\\\\-3.6\\end{pmatrix}',
      ],
      [
        '\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}',
        '\\begin{pmatrix}-1&0\\\\0&-1\\end{pmatrix}',
      ],
    ]);
    expectDifferent([
      ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}'],
      ['\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}', '\\begin{pmatrix} 1 & 0 \\end{pmatrix}'],
    ]);
  });
});

describe('answersEquivalent: symbolic (compute engine)', () => {
  it('recognises algebraically equal expressions', () => {
    expectSame([
      ['(x+1)^2', 'x^2+2x+1'],
      ['\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}'],
      ['2\\sqrt{3}', '\\sqrt{12}'],
      ['\\frac{1+\\sqrt5}{2}', '\\frac{\\sqrt{5}+1}{2}'],
      ['(a+5)(b+2)', 'ab+2a+5b+10'],
      ['\\frac{11+9a}{20}', '\\frac{9a}{20}+\\frac{11}{20}'],
      ['\\sin^2 x + \\cos^2 x', '1'],
      ['6+9i', '9i+6'],
      ['\\pi', '\\frac{2\\pi}{2}'],
      ['\\sqrt{4}', '2'],
      ['\\frac{\\pi}{4}', '0.785398163397'],
      ['2^{10}', '1024'],
    ]);
  });

  it('reads \\log without a base as the natural logarithm, as SymPy does', () => {
    expectSame([['\\ln 2', '\\log 2']]);
    expectDifferent([['\\ln 2', '\\log_{10} 2']]);
  });

  it('keeps different expressions apart', () => {
    expectDifferent([
      ['x^2', 'x^3'],
      ['2x', '2y'],
      ['x+2y', '2x+y'],
      ['\\pi', '3.14'],
      ['\\frac{\\pi}{4}', '45'],
      ['\\sqrt{2}', '1.41'],
      ['(x+1)^2', 'x^2+1'],
      ['6+9i', '6-9i'],
    ]);
  });

  it('compares equations and strips a leading "x ="', () => {
    expectSame([
      ['x = 5', '5'],
      ['y = 2x + 3', 'y=3+2x'],
      ['5x - 7y + 11z + 4 = 0', '-5x+7y-11z-4=0'],
      ['x^2+y^2=1', 'y^2+x^2=1'],
    ]);
    expectDifferent([
      ['x = 5', 'x = -5'],
      ['y = 2x + 3', 'y = 2x - 3'],
      ['x^2+y^2=1', 'x^2+y^2'],
    ]);
  });

  it('treats the letters the engine reserves (D, G, N) as plain variables, quietly', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expectSame([
        ['D+1', '1+D'],
        ['2N', 'N+N'],
      ]);
      expectDifferent([
        ['G', 'N'],
        ['c{BD}{\\sin(180-\\theta)}=\\frac{BD}{\\sin\\theta}', '5'],
      ]);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses prose instead of parsing each letter as a variable', () => {
    const prose =
      'The interior angles of a quadrilateral must add up to 360. (You can solve for this using S=(n-2)(180).)';
    expect(answersEquivalent(prose, '360')).toBe(false);
  });

  it('never throws and treats garbage as different', () => {
    const inputs = [
      '',
      '}{',
      '\\frac{',
      '\\boxed{',
      '((((',
      '\\begin{pmatrix}',
      '$',
      'x^',
      '1/0',
      'NaN',
    ];
    for (const a of inputs) {
      for (const b of inputs) expect(() => answersEquivalent(a, b)).not.toThrow();
    }
    expect(answersEquivalent('', '')).toBe(false);
    expect(answersEquivalent('\\frac{', '5')).toBe(false);
    expect(answersEquivalent('x^', 'x^')).toBe(true);
  });
});
