import { describe, expect, it } from 'vitest';
import { selectSolution } from '../../../src/core/pipeline/selectSolution';
import type { SolvedSample } from '../../../src/core/pipeline/solveQuestion';

const sample = (text: string, answer: string | null): SolvedSample => ({
  text,
  answer,
  statesAnswer: answer !== null,
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

describe('selectSolution with scores', () => {
  const samples = [
    sample('a long but correct derivation \\boxed{6}', '6'),
    sample('short \\boxed{6}', '6'),
    sample('equally short: \\boxed{6}', '6'),
    sample('confident and wrong \\boxed{7}', '7'),
    sample('no final answer', null),
  ];

  it('ranks by majority, then score, then shorter text, and records the candidates', () => {
    const s = selectSolution(samples, {
      preferMajority: true,
      dropUnanswered: true,
      scores: [8, 5, 5, 10, null],
    });
    expect(s.candidates).toEqual([true, true, true, false, false]);
    expect(s.ranking).toEqual([0, 1, 2]);
    expect(s.chosen).toBe(0);
  });

  it('breaks equal scores by length', () => {
    const s = selectSolution(samples, {
      preferMajority: true,
      dropUnanswered: true,
      scores: [5, 7, 7, 1, null],
    });
    expect(s.ranking).toEqual([1, 2, 0]);
  });

  it('without majority preference the best score wins, answerless ones still dropped', () => {
    const s = selectSolution(samples, {
      preferMajority: false,
      dropUnanswered: true,
      scores: [8, 5, 5, 10, 10],
    });
    expect(s.chosen).toBe(3);
    expect(s.candidates[4]).toBe(false);
    const keepAll = selectSolution(samples, {
      preferMajority: false,
      dropUnanswered: false,
      scores: [8, 5, 5, 9, 10],
    });
    expect(keepAll.chosen).toBe(4);
  });
});
