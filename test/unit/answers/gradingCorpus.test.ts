import { describe, expect, it } from 'vitest';
import { accuracy, gradeCorpus, gradingCorpus } from '../../support/gradingCorpus';

/**
 * The labelled grading corpus (test/fixtures/grading) graded as `scalequest grade` does. The
 * bars sit a little under what the grader reaches (see `npm run bench -- answers`), so a change
 * that breaks a handful of cases fails here.
 */
const OVERALL_BAR = 0.99;
/** Per category with enough cases for a share to mean something. */
const CATEGORY_BAR = 0.97;
const CATEGORY_MIN_CASES = 20;

const results = gradeCorpus();

describe('grading corpus', () => {
  it('holds at least 600 labelled cases of every category, both ways', () => {
    const cases = gradingCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(600);
    const categories = new Set(cases.map((c) => c.category));
    for (const category of categories) {
      const of = cases.filter((c) => c.category === category);
      expect(
        of.some((c) => c.equivalent),
        `${category} has equivalent cases`,
      ).toBe(true);
      expect(
        of.some((c) => !c.equivalent),
        `${category} has non-equivalent cases`,
      ).toBe(true);
    }
  });

  it(`grades at least ${OVERALL_BAR} of the corpus right`, () => {
    const wrong = results
      .filter((r) => !r.right)
      .map(
        (r) =>
          `${r.case.category}: ${JSON.stringify(r.case.expected)} vs ${JSON.stringify(r.case.predicted.slice(-80))} → ${r.verdict}`,
      );
    expect(accuracy(results), wrong.join('\n')).toBeGreaterThanOrEqual(OVERALL_BAR);
  });

  it(`grades at least ${CATEGORY_BAR} of each category of ${CATEGORY_MIN_CASES}+ cases right`, () => {
    for (const category of new Set(results.map((r) => r.case.category))) {
      const of = results.filter((r) => r.case.category === category);
      if (of.length >= CATEGORY_MIN_CASES)
        expect(accuracy(of), category).toBeGreaterThanOrEqual(CATEGORY_BAR);
    }
  });

  it('never calls a non-equivalent case of the traps equal', () => {
    const traps = results.filter(
      (r) => r.case.category === 'false-positive-traps' && !r.case.equivalent,
    );
    expect(traps.filter((r) => r.verdict === 'equal').map((r) => r.case.predicted)).toEqual([]);
  });
});
