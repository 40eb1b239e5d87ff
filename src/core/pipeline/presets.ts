import {
  DEFAULT_PRESET_ID,
  defaultRunConfig,
  SOLVE_INSTRUCTION,
  type RunConfig,
} from './runConfig';

export interface RunPreset {
  id: string;
  label: string;
  /** One paragraph for the person choosing: what it reproduces and what it costs. */
  description: string;
  config(overrides?: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>>): RunConfig;
}

/**
 * The paper's settings point by point (method.md). Where the paper used something a browser has
 * no equivalent for, the closest substitute is named: its difficulty regressor was never released
 * (a "very easy" rating on questions all samples agree on stands in), and its reward model becomes
 * the local judge scoring each of the 5 solutions.
 */
function paperConfig(overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {}): RunConfig {
  const base = defaultRunConfig(overrides);
  return {
    ...base,
    preset: 'scalequest-paper',
    // One question per request: generation always asks for n = 1.
    generation: { temperature: 1.0, topP: 0.99, maxTokens: 1024 },
    // The paper only requires non-empty text; the cut-off/template screen always applies.
    screen: { minChars: 1, maxChars: Number.MAX_SAFE_INTEGER },
    languageMode: 'ascii',
    // The paper has no deduplication; its 13-gram contamination check was done after the fact.
    dedup: { ...base.dedup, exact: false, near: false, maskNumbers: false },
    contamination: { enabled: true, ngram: 13, action: 'flag' },
    judge: {
      mode: 'reasoning',
      lenientYes: false,
      maxTokens: 2048,
      temperature: 0,
      minYesProbability: 0.5,
    },
    solve: {
      samples: 5,
      temperature: 0.7,
      topP: 0.95,
      maxTokens: 2048,
      instruction: SOLVE_INSTRUCTION,
      dropUnanswered: true,
    },
    difficulty: {
      dropNoAgreement: false,
      dropUnanimous: 'if-rated-easy',
      rating: 'when-unanimous',
      easyAtOrBelow: 1,
      ratingMaxTokens: 16,
    },
    // Best of 5 by score, not by majority: the paper keeps the highest-reward response.
    selection: { preferMajority: false, scorer: 'local-judge', scorerMaxTokens: 16 },
    concurrency: 1,
    lookAhead: 2,
  };
}

/** For a small in-browser model: fewer samples, a one-token judge, short limits. */
function quickLocalConfig(
  overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {},
): RunConfig {
  const base = defaultRunConfig(overrides);
  return {
    ...base,
    preset: 'quick-local',
    generation: { temperature: 1.0, topP: 0.99, maxTokens: 256 },
    screen: { minChars: 12, maxChars: 1200 },
    judge: { ...base.judge, mode: 'fast', lenientYes: false, maxTokens: 1 },
    solve: { ...base.solve, samples: 3, maxTokens: 512 },
    difficulty: { ...base.difficulty, dropNoAgreement: true, dropUnanimous: 'never' },
    selection: { preferMajority: true, scorer: 'off', scorerMaxTokens: 8 },
    concurrency: 1,
    lookAhead: 1,
  };
}

export const RUN_PRESETS: readonly RunPreset[] = [
  {
    id: DEFAULT_PRESET_ID,
    label: 'Studio default',
    description:
      'The paper’s sampling with sturdier filters: the judge’s final verdict, duplicate removal before any judge call, 3 solutions, questions no two solutions agree on dropped, the shortest majority solution kept.',
    config: defaultRunConfig,
  },
  {
    id: 'scalequest-paper',
    label: 'ScaleQuest (paper)',
    description:
      'The paper’s settings: generation at temperature 1.0, top_p 0.99, up to 1024 tokens; ASCII filter; a step-by-step solvability judge (greedy, 2048 tokens); 5 solutions at 0.7 / 0.95 / 2048 tokens; answerless solutions dropped; the best of 5 kept (local judge in place of the reward model).',
    config: paperConfig,
  },
  {
    id: 'quick-local',
    label: 'Quick local',
    description:
      'For a small model in the browser: 256-token questions, a one-token Yes/No judge, 3 solutions of up to 512 tokens, majority selection.',
    config: quickLocalConfig,
  },
];

/** The config of a preset by id; throws for an unknown id (a programming error). */
export function presetConfig(
  id: string,
  overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {},
): RunConfig {
  const preset = RUN_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`Unknown preset ${id}`);
  return preset.config(overrides);
}
