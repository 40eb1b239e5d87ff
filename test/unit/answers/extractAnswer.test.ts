import { describe, expect, it } from 'vitest';
import { findBoxes, lastBoxGroup } from '../../../src/core/answers/boxedAnswers';
import {
  answerCandidates,
  extractAnswer,
  extractFinalAnswer,
  statesFinalAnswer,
  stripMathDelimiters,
} from '../../../src/core/answers/extractAnswer';
import { findMathSpans } from '../../../src/core/answers/mathSpans';
import { plainValues } from '../../../src/core/answers/plainNumbers';

const lastGroup = (text: string) => lastBoxGroup(text).map((b) => b.content);

describe('boxes', () => {
  it.each([
    ['The result is \\boxed{5}.', ['5']],
    ['first \\boxed{1}, then we check more and find \\boxed{2}', ['2']],
    [
      '\\boxed{\\left\\{ 1, \\frac{\\sqrt{3}}{2} \\right\\}}',
      ['\\left\\{ 1, \\frac{\\sqrt{3}}{2} \\right\\}'],
    ],
    ['\\fbox{42}', ['42']],
    ['the answer is $\\boxed 7$.', ['7']],
    ['\\boxed {12}', ['12']],
    ['\\boxed{1}\\boxed{2}', ['1', '2']],
    ['$\\boxed{-2} \\text{ and } \\boxed{1}$', ['-2', '1']],
    ['\\boxed{(1, 2)}, \\boxed{(2, 1)}', ['(1, 2)', '(2, 1)']],
    ['$$\\boxed{20}$$ \\boxed{143}', ['143']],
    ['$x = \\boxed{\\sqrt{2}}$ or $x = \\boxed{-\\sqrt{2}}$', ['\\sqrt{2}', '-\\sqrt{2}']],
    ['We guessed $\\boxed{2}$, but checking again gives $\\boxed{3}$.', ['3']],
  ])('%s → %j', (text, expected) => {
    expect(lastGroup(text)).toEqual(expected);
  });

  it('reads a box cut off by a token limit only when it is the only one', () => {
    expect(lastGroup('\\boxed{3} and later \\boxed{\\frac{1}{')).toEqual(['3']);
    expect(lastGroup('so \\boxed{W(n) = 1')).toEqual(['W(n) = 1']);
    expect(findBoxes('\\boxed{x').at(-1)?.closed).toBe(false);
  });

  it.each(['no box here', '\\boxedx{3}', '\\boxed{}'])('%s → none', (text) => {
    expect(lastGroup(text)).toEqual([]);
  });
});

describe('math spans', () => {
  it('finds $…$, $$…$$, \\(…\\), \\[…\\] and " [ … ] ", inline ones on one line only', () => {
    const contents = (t: string) => findMathSpans(t).map((s) => s.content.trim());
    expect(contents('a $x$ b $$y$$ c \\(z\\) d \\[w\\] e [ v ] f')).toEqual([
      'x',
      'y',
      'z',
      'w',
      'v',
    ]);
    expect(contents('Answer $ \n 9 \n $')).toEqual([]);
    expect(contents('Answer \\[ \n 9 \n \\]')).toEqual(['9']);
    expect(contents('costs 5$ and 6$ total')).toEqual([]);
    expect(contents('$ \\frac{1}{2} \\$ = 3 $')).toEqual(['\\frac{1}{2} \\$ = 3']);
  });
});

describe('plain numbers', () => {
  const texts = (t: string) => plainValues(t).map((v) => v.text);
  it.each([
    ['which is 1,000.99€', ['1000.99']],
    ['1000,99 and 0,111', ['1000.99', '0.111']],
    ['about 1 000 people', ['1000']],
    ['it is 4 4/9.', ['4\\frac{4}{9}']],
    ['11 + 4/9', ['11 + 4/9']],
    ['28 percent of 50', ['28\\%', '50']],
    ['The triple (2,251,252) works', ['(2,251,252)']],
    ['AZYUK2A and x2', []],
    ['P(A) = 2/3', ['2/3']],
  ])('%s → %j', (text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  it('keeps an improper or undefined "mixed number" unreadable', () => {
    expect(texts('11 7/6')).toEqual(['\\text{11 7/6}']);
    expect(texts('4 4/0')).toEqual(['\\text{4 4/0}']);
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
  it('prefers the last box over "the answer is" and numbers', () => {
    expect(extractAnswer('The answer is 4. Actually \\boxed{5}, not 6')).toBe('5');
  });

  it('lets a later "final answer is" beat an earlier box (same rank, rightmost first)', () => {
    expect(
      extractAnswer('So $\\boxed{4}$. Final Answer: The final answer is 5. I hope it is correct.'),
    ).toBe('5');
    expect(extractFinalAnswer('Final Answer: The final answer is $\\boxed{7}$.')).toMatchObject({
      answer: '7',
    });
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
    ['Answer $ 9 $', '9'],
    ['Answer \\[ 9 \\]', '9'],
    ['Final Answer: The largest $n$ is 34.', '34'],
    ['Final Answer: Jane started growing Sphere 3 hours ago. I hope it is correct.', '3'],
    ['Answer: P(A) = 2/3', '2/3'],
    ['✅ Final Answer: **73**', '73'],
    ['The final answer is odd.', 'odd'],
    ['The answer is Evelyn.', 'Evelyn'],
    ['Answer: even', 'even'],
    ['The answer is not obvious. We compute $x = 5$.', 'x = 5'],
    ['Hence 25 is the answer, not 26.', '25'],
    ['Final answer: 6 - 5i', '6 - 5i'],
    ['Final answer: \\left( 3, \\frac{\\pi}{2} \\right)', '\\left( 3, \\frac{\\pi}{2} \\right)'],
    ['The final answer is 1,-2. I hope it is correct.', '1,-2'],
    ['Answer: y = 2x + 3', 'y = 2x + 3'],
    ['Answer: \\$32,\\!348', '\\$32,\\!348'],
    ['The answer is 4 4/9.', '4\\frac{4}{9}'],
    ['Final answer: 12 apples', '12'],
    ['Hence $x = 25$ is the final answer.', 'x = 25'],
  ])('phrase: %s → %s', (text, expected) => {
    expect(extractAnswer(text)).toBe(expected);
  });

  it.each([
    ['We get 3 apples, then 7 more, so 10 in total.', '10'],
    ['The cost is $1,250 in all.', '1250'],
    ['x = -4', '-4'],
    ['ratio 3/4', '3/4'],
    ['so $x = 5$', 'x = 5'],
    ['…which is 1,000.99€', '1000.99'],
    ['the numbers are $19$, $46$, and $82$.', '19, 46, 82'],
    ['a total of $28$ percent', '28\\%'],
    ['The probability is \\frac{4}{9}.', '\\frac{4}{9}'],
    ['So the count is 2^{1009}', '2^{1009}'],
    ['The side is 3\\sqrt{2} cm.', '3\\sqrt{2}'],
    ['So the ratio is (\\frac{1}{2}).', '\\frac{1}{2}'],
    ['The slope is -\\frac{1}{2}.', '-\\frac{1}{2}'],
    ['It dropped to \u22123 degrees.', '-3'],
    ['The program printed 2.5e-4', '2.5e-4'],
  ])('last math or number: %s → %s', (text, expected) => {
    expect(extractAnswer(text)).toBe(expected);
  });

  it('never reads a number out of LaTeX or glued to a word', () => {
    expect(extractAnswer('so the count is $2^{1009}$')).toBe('2^{1009}');
    expect(extractAnswer('the chance is $\\frac{4}{9}$')).toBe('\\frac{4}{9}');
    expect(extractAnswer('code AZYUK2A')).toBeNull();
    expect(extractAnswer('Answer: 2^{10}')).toBe('2^{10}');
    expect(extractAnswer('the chance is \\frac{4}{9} here')).toBe('\\frac{4}{9}');
    expect(extractAnswer('AB2^{3} and x\\frac{1}{2}')).toBeNull();
  });

  it('ranks candidates by rank, then rightmost first', () => {
    const sources = answerCandidates('We get $x=3$. Answer: 4. Later \\boxed{5} and 6').map(
      (c) => c.source,
    );
    expect(sources[0]).toBe('boxed');
    expect(sources.indexOf('answer')).toBeLessThan(sources.indexOf('number'));
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
    ['Answer: 3', true],
    ['#### 3', true],
    ['I think it is 3', false],
    ['so $x = 3$', false],
  ])('%s → %s', (text, expected) => {
    expect(statesFinalAnswer(text)).toBe(expected);
  });
});
