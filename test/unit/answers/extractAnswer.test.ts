import { describe, expect, it } from 'vitest';
import {
  extractAnswer,
  lastBoxed,
  statesFinalAnswer,
  stripMathDelimiters,
} from '../../../src/core/answers/extractAnswer';

describe('lastBoxed', () => {
  it.each([
    ['The result is \\boxed{5}.', '5'],
    ['first \\boxed{1} then \\boxed{2}', '2'],
    ['\\boxed{\\frac{1}{2}}', '\\frac{1}{2}'],
    [
      '\\boxed{\\left\\{ 1, \\frac{\\sqrt{3}}{2} \\right\\}}',
      '\\left\\{ 1, \\frac{\\sqrt{3}}{2} \\right\\}',
    ],
    ['so $\\boxed{x^{2}+1}$ is it', 'x^{2}+1'],
    ['\\fbox{42}', '42'],
    ['the answer is $\\boxed 7$.', '7'],
    ['\\boxed {12}', '12'],
    ['\\boxed{$3$}', '3'],
  ])('%s → %s', (text, expected) => {
    expect(lastBoxed(text)).toBe(expected);
  });

  it('skips a box cut off by a token limit and falls back to the previous one', () => {
    expect(lastBoxed('\\boxed{3} and later \\boxed{\\frac{1}{')).toBe('3');
  });

  it.each(['no box here', '\\boxed{', '\\boxedx{3}', '\\boxed{}'])('%s → null', (text) => {
    expect(lastBoxed(text)).toBeNull();
  });
});

describe('stripMathDelimiters', () => {
  it.each([
    ['$5$', '5'],
    ['$$\\frac12$$', '\\frac12'],
    ['\\(x+1\\)', 'x+1'],
    ['\\[ 3 \\]', '3'],
    ['  $ 7 $ ', '7'],
    ['$\\(8\\)$', '8'],
    ['$5 and $6', '$5 and $6'],
  ])('%s → %s', (text, expected) => {
    expect(stripMathDelimiters(text)).toBe(expected);
  });
});

describe('extractAnswer', () => {
  it('prefers the last box over phrases and numbers', () => {
    expect(extractAnswer('The answer is 4. Actually \\boxed{5}, not 6')).toBe('5');
  });

  it('reads GSM8K "#### n" and ignores calculator annotations', () => {
    const text = 'She makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 18';
    expect(extractAnswer(text)).toBe('18');
    expect(extractAnswer('Total 1,000 + 200\n#### 1,200')).toBe('1,200');
    expect(extractAnswer('#### $42$.')).toBe('42');
  });

  it('does not mistake Markdown "####" headings for the GSM8K mark', () => {
    const text = '#### Step 1: Add\n3 + 4 = 7\n#### 2. Double it\nSo the answer is 14.';
    expect(extractAnswer(text)).toBe('14');
    expect(extractAnswer('#### Step 1\nWe get 9 in total')).toBe('9');
  });

  it.each([
    ['So the answer is 42.', '42'],
    ['The final answer is $\\frac{3}{4}$. I hope it is correct.', '\\frac{3}{4}'],
    ['Final Answer: The final answer is $(1,2)$.', '(1,2)'],
    ['Thus, the answer is: 17', '17'],
    ['Hence the answer is therefore $x=5$, as required.', 'x=5'],
    ['The answer is \\(2\\sqrt{3}\\).', '2\\sqrt{3}'],
    ['The answer is 12 apples.', '12'],
    ['the answer is -3.5', '-3.5'],
    ['The answer is 5. Next we check it.', '5'],
    ['The answer is not clear yet.\nThe answer is 8', '8'],
    ["We computed 6. The answer isn't obvious, so we guess 7", '7'],
  ])('phrase: %s → %s', (text, expected) => {
    expect(extractAnswer(text)).toBe(expected);
  });

  it.each([
    ['We get 3 apples, then 7 more, so 10 in total.', '10'],
    ['The cost is $1,250 in all.', '1,250'],
    ['x = -4', '-4'],
    ['ratio 3/4', '3/4'],
    ['it is .5', '.5'],
  ])('last number: %s → %s', (text, expected) => {
    expect(extractAnswer(text)).toBe(expected);
  });

  it('returns null when nothing is stated', () => {
    expect(extractAnswer('I do not know.')).toBeNull();
    expect(extractAnswer('')).toBeNull();
  });
});

describe('statesFinalAnswer', () => {
  it.each([
    ['so \\boxed{3}', true],
    ['\\fbox{3}', true],
    ['The final answer is 3', true],
    ['the answer is 3', true],
    ['I think it is 3', false],
    ['#### 3', false],
  ])('%s → %s', (text, expected) => {
    expect(statesFinalAnswer(text)).toBe(expected);
  });
});
