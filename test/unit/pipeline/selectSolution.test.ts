import { describe, expect, it } from 'vitest';
import { selectSolution } from '../../../src/core/pipeline/selectSolution';
import type { SolvedSample } from '../../../src/core/pipeline/solveQuestion';

const sample = (text: string, answer: string | null): SolvedSample => ({
  text,
  answer,
  finishReason: 'stop',
  completionTokens: 1,
});

describe('selectSolution', () => {
  it('keeps the shortest solution that reaches the majority answer', () => {
    const s = selectSolution([
      sample('long reasoning ... \\boxed{6}', '6'),
      sample('wrong \\boxed{5}', '5'),
      sample('so \\boxed{6}', '6'),
    ]);
    expect(s.majority.answer).toBe('6');
    expect(s.majority.agreement).toBeCloseTo(2 / 3);
    expect(s.chosen).toBe(2);
    expect(s.inMajority).toEqual([true, false, true]);
  });

  it('chooses nothing when no sample has an answer', () => {
    const s = selectSolution([sample('no idea', null), sample('hmm', null)]);
    expect(s.chosen).toBeNull();
    expect(s.majority.answer).toBeNull();
    expect(s.majority.agreement).toBe(0);
  });

  it('counts unanswered samples in the agreement denominator', () => {
    const s = selectSolution([
      sample('\\boxed{1}', '1'),
      sample('?', null),
      sample('?', null),
      sample('?', null),
    ]);
    expect(s.majority.agreement).toBe(0.25);
    expect(s.chosen).toBe(0);
  });
});
