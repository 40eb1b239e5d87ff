import { describe, expect, it } from 'vitest';
import { ContaminationIndex, contaminationTokens } from '../../../src/core/filters/contamination';
import { loadBuiltInReferenceSets } from '../../../src/cli/referenceSets';
import { BUILT_IN_REFERENCE_SETS } from '../../../src/core/filters/benchmarkSets';
import { hasSharedData, sharedQuestions } from '../../support/sharedData';

describe('ContaminationIndex', () => {
  const reference =
    'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.';

  it('flags a question sharing a 13-gram and reports source, n-gram and overlap', () => {
    const index = ContaminationIndex.fromSets([{ source: 'gsm8k-test', texts: [reference] }]);
    const result = index.check(
      'Yesterday Natalia sold clips to 48 of her friends in April, and then she sold half as many pens.',
    );
    expect(result.contaminated).toBe(true);
    expect(result.source).toBe('gsm8k-test');
    expect(result.matchedNgram).toBe(
      'natalia sold clips to 48 of her friends in april and then she',
    );
    expect(result.overlap).toBeCloseTo(5 / 7, 5);
  });

  it('does not flag a question without a shared 13-gram', () => {
    const index = ContaminationIndex.fromSets([{ source: 'gsm8k-test', texts: [reference] }]);
    const result = index.check(
      'Natalia sold clips to 48 friends in April and half as many in May.',
    );
    expect(result).toEqual({ contaminated: false, overlap: 0 });
  });

  it('matches short texts as a whole and ignores LaTeX spacing', () => {
    const index = ContaminationIndex.fromSets([
      { source: 'math500-test', texts: ['Compute $\\dbinom{31}{28}$.'] },
    ]);
    expect(index.check('Compute  $\\dbinom {31}{28}$').contaminated).toBe(true);
    expect(index.check('Compute $\\dbinom{31}{27}$.').contaminated).toBe(false);
    expect(contaminationTokens('Compute $\\dbinom{31}{28}$.')).toEqual([
      'compute',
      '\\dbinom',
      '31',
      '28',
    ]);
  });
});

describe('the built-in benchmark test sets (carried by the repository)', () => {
  const sets = loadBuiltInReferenceSets();
  const index = ContaminationIndex.fromSets(sets);

  it('hold every test question the manifest promises', () => {
    expect(sets.map((s) => [s.source, s.texts.length])).toEqual(
      BUILT_IN_REFERENCE_SETS.map((b) => [b.source, b.questions]),
    );
  });

  it('flags every test question against its own set', () => {
    for (const set of sets) {
      const missed = set.texts.filter((t) => !index.check(t).contaminated);
      expect(missed, set.source).toEqual([]);
    }
  });

  it.skipIf(!hasSharedData)('are the questions of the public benchmark files, unchanged', () => {
    const byName = new Map(sets.map((s) => [s.source, s.texts]));
    expect(byName.get('gsm8k-test')).toEqual(sharedQuestions('gsm8k-test'));
    expect(byName.get('math500-test')).toEqual(sharedQuestions('math500-test'));
    expect(byName.get('olympiadbench-test')).toEqual(sharedQuestions('olympiadbench-test'));
  });

  it.skipIf(!hasSharedData)('flag few GSM8K train questions against GSM8K test', () => {
    const gsmTest = ContaminationIndex.fromSets(sets.filter((s) => s.source === 'gsm8k-test'));
    const train = sharedQuestions('gsm8k-train');
    const flagged = train.filter((t) => gsmTest.check(t).contaminated).length;
    console.info(`gsm8k-train flagged against gsm8k-test: ${flagged}/${train.length}`);
    expect(flagged / train.length).toBeLessThan(0.02);
  });
});
