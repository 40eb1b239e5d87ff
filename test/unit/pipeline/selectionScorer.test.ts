import { describe, expect, it } from 'vitest';
import { LocalJudgeScorer } from '../../../src/core/judge/solutionScorer';
import type { SolutionScorer } from '../../../src/core/ports/solutionScorer';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { validateRunConfig } from '../../../src/core/pipeline/runConfigSchema';
import { selectionScorer } from '../../../src/core/pipeline/selectionScorer';
import { ScriptedEngine } from '../../support/scriptedEngine';

const engine = new ScriptedEngine(
  () => ({ text: 'q' }),
  () => [],
);
const reward: SolutionScorer = {
  score: () =>
    Promise.resolve({ score: 1, output: '', tokens: { promptTokens: 0, completionTokens: 0 } }),
};
const selection = (scorer: 'off' | 'local-judge' | 'reward-model') => ({
  preferMajority: true,
  scorer,
  scorerMaxTokens: 16,
});

describe('selectionScorer', () => {
  it('uses the given reward scorer for reward-model', () => {
    expect(selectionScorer(selection('reward-model'), reward, engine, 0)).toEqual({
      scorer: reward,
      kind: 'given',
    });
  });

  it('falls back to the local judge when no reward scorer is wired in', () => {
    const choice = selectionScorer(selection('reward-model'), undefined, engine, 3);
    expect(choice.kind).toBe('reward-model-fallback');
    expect(choice.scorer).toBeInstanceOf(LocalJudgeScorer);
    expect(selectionScorer(selection('local-judge'), undefined, engine, 3).kind).toBe(
      'local-judge',
    );
  });

  it('scores nothing when the scorer is off, even when one is given', () => {
    expect(selectionScorer(selection('off'), reward, engine, 0)).toEqual({ kind: 'none' });
  });

  it('validates the scorer name', () => {
    const config = defaultRunConfig();
    expect(validateRunConfig({ ...config, selection: selection('reward-model') })).toEqual([]);
    const bad = { ...config, selection: { ...config.selection, scorer: 'oracle' } };
    expect(validateRunConfig(bad as unknown as typeof config)).toEqual([
      'Selection scorer must be one of "off", "local-judge", "reward-model" (got "oracle").',
    ]);
  });
});
