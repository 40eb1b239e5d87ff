import { describe, expect, it } from 'vitest';
import { paperStatesAnswer, passesAnswerFilter } from '../../../src/core/answers/answerFilter';

describe('the paper’s response filter', () => {
  it.each([
    ['So the result is \\boxed{4}.', true],
    ['unboxed reasoning', true],
    ['The answer is 4.', true],
    ['Therefore the answer is 4.', true],
    ['My final answer is 4.', true],
    ['Final Answer: 4', false],
    ['THE ANSWER IS 4', false],
    ['So it is 4.', false],
  ])('%s → %s', (text, expected) => {
    expect(paperStatesAnswer(text)).toBe(expected);
  });
});

describe('passesAnswerFilter', () => {
  it('the studio rule needs an explicit final answer in a solution that ended on its own', () => {
    expect(passesAnswerFilter('Final Answer: 4', 'stop', 'stated-answer')).toBe(true);
    expect(passesAnswerFilter('unboxed reasoning, so 4', 'stop', 'stated-answer')).toBe(false);
    expect(passesAnswerFilter('so \\boxed{4}', 'length', 'stated-answer')).toBe(false);
  });

  it('the paper rule keeps a cut-off response that contains "boxed", as its code does', () => {
    expect(passesAnswerFilter('so \\boxed{4', 'length', 'paper-substrings')).toBe(true);
  });
});
