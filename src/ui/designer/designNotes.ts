/** The main setting of each method step in a few characters, for the designer's method map. */
import type { RunConfig } from '../../core/pipeline/runConfig';
import type { MethodStep } from '../method/methodSteps';

const num = (n: number) => String(Number(n.toFixed(3)));

export function designNotes(config: RunConfig): Record<MethodStep, string> {
  const { dedup, contamination, judge, solve, difficulty, selection } = config;
  const dropsSomething =
    difficulty.dropNoAgreement ||
    difficulty.dropUnanimous !== 'never' ||
    difficulty.rating !== 'off';
  return {
    generate:
      config.source?.kind === 'imported' ? 'imported' : `T ${num(config.generation.temperature)}`,
    screen: `${config.screen.minChars}–${config.screen.maxChars} chars`,
    language: config.languageMode === 'ascii' ? 'ASCII only' : 'English',
    dedup: dedup.near ? `near ≥ ${num(dedup.threshold)}` : dedup.exact ? 'exact' : 'off',
    contamination: contamination.enabled
      ? `${contamination.ngram}-gram ${contamination.action}`
      : 'off',
    judge: judge.mode,
    solve: `k = ${solve.samples}`,
    vote: 'by value',
    difficulty: dropsSomething ? 'band' : 'off',
    select:
      selection.scorer === 'reward-model'
        ? 'reward model'
        : selection.scorer === 'local-judge'
          ? 'judge 1–10'
          : selection.preferMajority
            ? 'majority'
            : 'shortest',
  };
}
