import { describe, expect, it } from 'vitest';
import { plainMath } from '../../../src/core/text/plainMath';

describe('plainMath', () => {
  it('writes inline TeX as the Unicode a reader expects', () => {
    expect(plainMath('What is $\\frac{3}{4} + \\frac{1}{8}$?')).toBe('What is 3/4 + 1/8?');
    expect(plainMath('If $x^2 + 3x = 10$, find $\\sqrt{x+7}$.')).toBe(
      'If x² + 3x = 10, find √(x+7).',
    );
    expect(plainMath('$5 \\times 4 \\le 20 \\cdot 1$, $45^\\circ$, $2^{10}$')).toBe(
      '5 × 4 ≤ 20 · 1, 45°, 2¹⁰',
    );
    expect(plainMath('Find $\\left(\\dfrac{1}{2}\\right)^{3}$ if $\\text{area} = 12$.')).toBe(
      'Find (1/2)³ if area = 12.',
    );
    expect(plainMath('\\(a_n\\) and \\[e^{i\\pi}\\]')).toBe('a_n and e^(iπ)');
  });

  it('leaves text without math alone, escaped dollars included', () => {
    expect(plainMath('It costs \\$5 and  then   more.')).toBe('It costs \\$5 and then more.');
    expect(plainMath('A plain question?')).toBe('A plain question?');
    expect(plainMath('From \\$5 to \\$6, then $x^2$.')).toBe('From \\$5 to \\$6, then x².');
  });

  it('cuts at a word, after the math is plain, so an expression is never cut in half', () => {
    const text =
      'What is the value of $\\frac{3}{4} + \\frac{1}{8}$? Express your answer as a common fraction.';
    expect(plainMath(text, 60)).toBe('What is the value of 3/4 + 1/8? Express your answer as a…');
    expect(plainMath(text, 60).length).toBeLessThanOrEqual(60);
  });
});
