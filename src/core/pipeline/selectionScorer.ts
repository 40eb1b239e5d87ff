import type { LlmEngine } from '../ports/llmEngine';
import { LocalJudgeScorer } from '../judge/solutionScorer';
import type { SolutionScorer } from '../ports/solutionScorer';
import type { SelectionSettings } from './runConfig';

/** Which scorer ranks an attempt's candidates, and why. */
export interface ScorerChoice {
  scorer?: SolutionScorer;
  /** 'reward-model-fallback': a reward model was asked for but none is wired in. */
  kind: 'none' | 'given' | 'local-judge' | 'reward-model-fallback';
}

/**
 * The scorer for one attempt. A scorer passed by the caller (e.g. a remote reward model) wins;
 * 'reward-model' without one falls back to the local judge on the score engine, so a run
 * configured for the paper's best-of-k still ranks by a score instead of silently by length.
 */
export function selectionScorer(
  settings: SelectionSettings,
  given: SolutionScorer | undefined,
  scoreEngine: LlmEngine,
  seed: number,
): ScorerChoice {
  if (settings.scorer === 'off') return { kind: 'none' };
  if (given) return { scorer: given, kind: 'given' };
  const scorer = new LocalJudgeScorer(scoreEngine, settings.scorerMaxTokens, seed);
  return {
    scorer,
    kind: settings.scorer === 'reward-model' ? 'reward-model-fallback' : 'local-judge',
  };
}
