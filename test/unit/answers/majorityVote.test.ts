import { describe, expect, it } from 'vitest';
import { agreementStats, majorityVote } from '../../../src/core/answers/majorityVote';

describe('majorityVote', () => {
  it('groups answers by value, not spelling', () => {
    const vote = majorityVote(['\\frac{1}{2}', '0.5', '1/2', '3', null]);
    expect(vote.answer).toBe('\\frac{1}{2}');
    expect(vote.agreement).toBeCloseTo(3 / 5);
    expect(vote.groups).toEqual([
      { answer: '\\frac{1}{2}', members: [0, 1, 2] },
      { answer: '3', members: [3] },
    ]);
  });

  it('groups symbolically equal answers through the compute engine', () => {
    const vote = majorityVote(['x^2+2x+1', '(x+1)^2', 'x^2+1']);
    expect(vote.answer).toBe('x^2+2x+1');
    expect(vote.groups.map((g) => g.members)).toEqual([[0, 1], [2]]);
  });

  it('breaks ties in favour of the group seen first', () => {
    expect(majorityVote(['4', '5', '5.0', '4']).answer).toBe('4');
  });

  it('returns no answer and zero agreement when nobody answered', () => {
    const none = { answer: null, agreement: 0, groups: [], undecided: 0 };
    expect(majorityVote([null, null])).toEqual(none);
    expect(majorityVote([])).toEqual(none);
  });

  it('accepts a custom comparison', () => {
    const vote = majorityVote(['A', 'a', 'b'], {
      compare: (x, y) => (x.toLowerCase() === y.toLowerCase() ? 'equal' : 'different'),
    });
    expect(vote.groups.map((g) => g.members)).toEqual([[0, 1], [2]]);
  });

  it('compares answers as peers: an assignment, a percentage, an interval and its inequality', () => {
    expect(majorityVote(['5', 'x = 5', '5.0']).groups).toHaveLength(1);
    expect(majorityVote(['20', '20\\%']).groups).toHaveLength(1);
    expect(majorityVote(['[2, \\infty)', 'x \\ge 2']).groups).toHaveLength(1);
  });

  it('uses the run precision for rounded decimals', () => {
    expect(majorityVote(['\\frac{1}{3}', '0.333']).groups).toHaveLength(2);
    expect(majorityVote(['\\frac{1}{3}', '0.333'], { precision: 3 }).groups).toHaveLength(1);
  });

  it('counts comparisons left undecided by the symbolic limits, as different', () => {
    const vote = majorityVote(['x^2+2x+1', '(x+1)^2'], { budget: { timeMs: 1000, steps: 0 } });
    expect(vote.groups).toHaveLength(2);
    expect(vote.undecided).toBe(1);
  });
});

describe('agreementStats', () => {
  it('derives difficulty signals from k answers', () => {
    expect(agreementStats(['12', '12.0', '\\$12', '13', null])).toEqual({
      majority: '12',
      agreement: 0.6,
      failRate: 0.4,
      distinctAnswers: 2,
      answered: 4,
      undecided: 0,
    });
  });

  it('reports full agreement and no failures for unanimous answers', () => {
    const stats = agreementStats(['50\\%', '50%', '0.5']);
    expect(stats).toMatchObject({ agreement: 1, failRate: 0, distinctAnswers: 1, answered: 3 });
  });

  it('reports total failure when no solution answers', () => {
    expect(agreementStats([null, null, null])).toEqual({
      majority: null,
      agreement: 0,
      failRate: 1,
      distinctAnswers: 0,
      answered: 0,
      undecided: 0,
    });
  });
});
