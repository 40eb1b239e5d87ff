import { describe, expect, it } from 'vitest';
import { TeachingExampleFinder } from '../../../src/core/runs/teachingExamples';
import type {
  DifficultyTrace,
  QuestionRecord,
  StageName,
} from '../../../src/core/pipeline/records';
import { stepOfLive } from '../../../src/ui/explain/walkthrough';

type Q = Pick<
  QuestionRecord,
  'id' | 'index' | 'status' | 'rejectedAt' | 'verdicts' | 'agreement' | 'difficulty'
>;

function q(index: number, over: Partial<Q> = {}): Q {
  return {
    id: `r:${index}`,
    index,
    status: 'kept',
    verdicts: [],
    agreement: 1,
    ...over,
  };
}
const rejectedAt = (index: number, stage: StageName, reason: string): Q =>
  q(index, {
    status: 'rejected',
    rejectedAt: stage,
    verdicts: [{ stage, pass: false, reason }],
  });
const diff = (failRate: number, distinctAnswers: number): DifficultyTrace => ({
  failRate,
  agreement: 1 - failRate,
  distinctAnswers,
  answered: 5,
});

describe('teaching examples', () => {
  it('finds one rejection per stage (the newest), the most split vote, the hardest kept question and a clean one', () => {
    const finder = new TeachingExampleFinder();
    // Newest first, as the store hands them over.
    for (const question of [
      rejectedAt(9, 'judge', 'judge concluded No'),
      q(8, { difficulty: diff(0.2, 2), agreement: 0.8 }),
      rejectedAt(7, 'language', "detected language 'fr'"),
      rejectedAt(6, 'language', 'non-ASCII'),
      q(5, { difficulty: diff(0, 1) }),
      q(4, { status: 'rejected', rejectedAt: 'difficulty', difficulty: diff(0.6, 3) }),
      q(3, { difficulty: diff(0.4, 2), agreement: 0.6 }),
    ])
      finder.add(question);
    expect(finder.seen).toBe(7);
    expect(finder.examples.map((e) => [e.kind, e.questionId, e.label, e.detail, e.stage])).toEqual([
      ['rejected:language', 'r:7', 'Rejected at Language', "detected language 'fr'", 'language'],
      ['rejected:judge', 'r:9', 'Rejected at Solvability judge', 'judge concluded No', 'judge'],
      ['rejected:difficulty', 'r:4', 'Rejected at Difficulty', 'no reason stored', 'difficulty'],
      ['split-vote', 'r:4', 'Split vote', '3 different answers, agreement 40%', 'majority'],
      ['hard', 'r:3', 'Hard one (kept)', 'fail rate 40%', 'difficulty'],
      ['kept', 'r:5', 'Kept cleanly', 'every step passed, agreement 100%', 'select'],
    ]);
  });

  it('offers nothing it did not see', () => {
    const finder = new TeachingExampleFinder();
    finder.add(q(0, { difficulty: diff(0, 1) }));
    expect(finder.examples.map((e) => e.kind)).toEqual(['kept']);
    expect(new TeachingExampleFinder().examples).toEqual([]);
  });
});

describe('walkthrough steps', () => {
  it('follows a live question to its running stage, or the one its request is on the way to', () => {
    expect(stepOfLive({ stages: {} })).toBe('generate');
    expect(stepOfLive({ stages: { generate: { status: 'passed' } } })).toBe('language');
    expect(
      stepOfLive({
        stages: {
          generate: { status: 'passed' },
          language: { status: 'passed' },
          dedup: { status: 'passed' },
          contamination: { status: 'skipped' },
          judge: { status: 'running' },
        },
      }),
    ).toBe('judge');
  });
});
