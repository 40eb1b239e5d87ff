import type { ModelFamily } from '../prompts/preQueryProfiles';
import type { LanguageMode } from '../filters/languageFilter';

export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
}

/** Everything that decides what a run produces; stored with the run so it can be reproduced. */
export interface RunConfig {
  /** How many question–answer pairs to keep. */
  targetPairs: number;
  /** Generation attempts allowed before the run gives up on reaching the target. */
  maxAttempts: number;
  /** Base seed; attempt i uses seed + i, so a run is reproducible on the same model and server. */
  seed: number;
  /** Which pre-query template the generator model needs. */
  profile: ModelFamily;
  generation: SamplingSettings;
  languageMode: LanguageMode;
  solve: SamplingSettings & {
    /** Solutions sampled per question. */
    samples: number;
    /** Appended to the question as the solver's user turn. */
    instruction: string;
  };
}

export const SOLVE_INSTRUCTION =
  'Please reason step by step, and put your final answer within \\boxed{}.';

/** A short default that finishes quickly; the paper's full settings arrive as a preset. */
export function defaultRunConfig(
  overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {},
): RunConfig {
  const targetPairs = overrides.targetPairs ?? 5;
  return {
    targetPairs,
    maxAttempts: Math.max(10, targetPairs * 4),
    seed: overrides.seed ?? 0,
    profile: 'qwen2',
    generation: { temperature: 1.0, topP: 0.99, maxTokens: 1024 },
    languageMode: 'ascii',
    solve: {
      samples: 3,
      temperature: 0.7,
      topP: 0.95,
      maxTokens: 2048,
      instruction: SOLVE_INSTRUCTION,
    },
  };
}

/** Problems with a config, in words a person can act on; empty when it is usable. */
export function validateRunConfig(config: RunConfig): string[] {
  const problems: string[] = [];
  const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!whole(config.targetPairs, 1))
    problems.push('The number of questions must be a whole number of at least 1.');
  if (!whole(config.maxAttempts, config.targetPairs))
    problems.push('Allowed attempts must be at least the number of questions.');
  if (!whole(config.solve.samples, 1)) problems.push('Solutions per question must be at least 1.');
  if (!Number.isInteger(config.seed) || config.seed < 0)
    problems.push('The seed must be a whole number ≥ 0.');
  for (const [name, s] of [
    ['Generation', config.generation],
    ['Solving', config.solve],
  ] as const) {
    if (!(s.temperature >= 0 && s.temperature <= 2))
      problems.push(`${name} temperature must be between 0 and 2.`);
    if (!(s.topP > 0 && s.topP <= 1)) problems.push(`${name} top_p must be in (0, 1].`);
    if (!whole(s.maxTokens, 1)) problems.push(`${name} max tokens must be a whole number ≥ 1.`);
  }
  return problems;
}
