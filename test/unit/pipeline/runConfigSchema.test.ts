// Run config problems carry the path of the setting to change, and the designer has a field there.
import { describe, expect, it } from 'vitest';
import { defaultRunConfig, type RunConfig } from '../../../src/core/pipeline/runConfig';
import { runConfigProblems } from '../../../src/core/pipeline/runConfigSchema';
import { DESIGNER_GROUPS, fieldProblems } from '../../../src/ui/designer/designerFields';

/** A config that breaks every rule a person can break in the designer. */
function brokenEverywhere(): RunConfig {
  const c = defaultRunConfig();
  return {
    ...c,
    targetPairs: 0,
    maxAttempts: 1.5,
    seed: -1,
    concurrency: 65,
    lookAhead: 17,
    generation: { temperature: 3, topP: 0, maxTokens: 0 },
    screen: { ...c.screen, minChars: 9, maxChars: 8 },
    dedup: { ...c.dedup, n: 0, permutations: 100, bands: 32, threshold: 0, maskNumbers: true },
    contamination: { ...c.contamination, ngram: 0 },
    judge: {
      ...c.judge,
      mode: 'fast',
      prompt: 'paper',
      lenientYes: true,
      temperature: -1,
      minYesProbability: 2,
    },
    solve: { ...c.solve, samples: 1, temperature: 2.5, topP: 1.5, maxTokens: 0 },
    difficulty: {
      ...c.difficulty,
      dropUnanimous: 'if-rated-easy',
      rating: 'off',
      easyAtOrBelow: 5,
    },
    selection: { ...c.selection, scorer: 'local-judge', scorerMaxTokens: 0 },
    grading: { precision: 16 },
  };
}

describe('run config problems', () => {
  it('are empty for the default', () => {
    expect(runConfigProblems(defaultRunConfig())).toEqual([]);
  });

  it('name the setting each is about', () => {
    const problems = runConfigProblems(brokenEverywhere());
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(at('targetPairs')).toEqual([
      'The number of questions must be a whole number of at least 1.',
    ]);
    expect(at('solve.topP')).toEqual(['Solving top_p must be in (0, 1].']);
    expect(at('judge.lenientYes')).toEqual([
      'The lenient "yes anywhere" rule only applies to the reasoning judge.',
    ]);
    expect(at('dedup.permutations')).toEqual([
      'MinHash permutations must be a multiple of the number of bands.',
    ]);
    expect(at('screen.minChars')).toEqual([
      'The shortest allowed question is longer than the longest allowed one.',
    ]);
    expect(at('difficulty.dropUnanimous')).toEqual([
      'Dropping questions rated easy needs the difficulty rating turned on.',
    ]);
    expect(at('solve.samples')).toEqual([
      'A difficulty band needs at least 2 solutions per question (agreement needs two answers).',
    ]);
  });

  it('each land under a designer field, so none is shown only in the summary', () => {
    const fields = DESIGNER_GROUPS.flatMap((g) => g.fields);
    const problems = runConfigProblems(brokenEverywhere());
    expect(problems.length).toBeGreaterThan(20);
    for (const problem of problems)
      expect(
        fields.some((f) => fieldProblems(f, [problem]).length > 0),
        `${problem.path}: ${problem.message}`,
      ).toBe(true);
  });

  it('rules that tie two settings show at both', () => {
    const problems = runConfigProblems(brokenEverywhere());
    const field = (path: string) =>
      DESIGNER_GROUPS.flatMap((g) => g.fields).find((f) => f.path === path)!;
    expect(fieldProblems(field('dedup.bands'), problems)).toContain(
      'MinHash permutations must be a multiple of the number of bands.',
    );
    expect(fieldProblems(field('difficulty.rating'), problems)).toContain(
      'Dropping questions rated easy needs the difficulty rating turned on.',
    );
  });

  it('report wrong types and words at their path, whatever the file held', () => {
    const c = defaultRunConfig() as unknown as Record<string, Record<string, unknown>>;
    const bad = {
      ...c,
      solve: { ...c.solve, samples: 'three' },
      judge: { ...c.judge, mode: 'maybe' },
    } as unknown;
    expect(runConfigProblems(bad).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'judge.mode: Judge mode must be one of "reasoning", "fast", "off" (got "maybe").',
      'solve.samples: Solutions per question must be at least 1.',
    ]);
  });
});
