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

/** The system message the paper's code sends with its solvability check and its solver prompt. */
export const PAPER_SYSTEM_PROMPT = 'You are a helpful assistant.';

/**
 * The paper's code, setting by setting (yyDing1/ScaleQuest, src/data_generation): generation at
 * 1.0 / 0.99 / 1024 tokens keeping every stripped continuation; the pure-ASCII filter; the
 * solvability check with its own prompt and system message, greedy, 2048 tokens, kept when "yes"
 * occurs in the lower-cased output; 5 responses at 0.7 / 0.95 / 2048 tokens with the system
 * message, kept when they contain "boxed", "he answer is" or "final answer is"; the best of them
 * by a reward model (internlm2-7b-reward). Its code has no deduplication, no contamination check
 * (that was measured afterwards) and no difficulty threshold (its difficulty model scores
 * questions but was never released), so none of those run here.
 */
function paperConfig(overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {}): RunConfig {
  const base = defaultRunConfig(overrides);
  return {
    ...base,
    preset: 'scalequest-paper',
    profile: 'qwen2',
    // One question per request: generation always asks for n = 1.
    generation: { temperature: 1.0, topP: 0.99, maxTokens: 1024 },
    screen: { minChars: 1, maxChars: Number.MAX_SAFE_INTEGER, rejectMalformed: false },
    languageMode: 'ascii',
    dedup: { ...base.dedup, exact: false, near: false, maskNumbers: false },
    contamination: { enabled: false, ngram: 13, action: 'flag' },
    judge: {
      mode: 'reasoning',
      prompt: 'paper',
      lenientYes: true,
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
      answerFilter: 'paper-substrings',
      systemPrompt: PAPER_SYSTEM_PROMPT,
    },
    difficulty: {
      dropNoAgreement: false,
      dropUnanimous: 'never',
      rating: 'off',
      easyAtOrBelow: 1,
      ratingMaxTokens: 16,
    },
    // Best of 5 by the reward model's score, majority or not.
    selection: { preferMajority: false, scorer: 'reward-model', scorerMaxTokens: 16 },
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
    screen: { minChars: 12, maxChars: 1200, rejectMalformed: true },
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
      'The paper’s code, word for word: every stripped continuation kept (temperature 1.0, top_p 0.99, 1024 tokens); pure ASCII; its solvability prompt, greedy, kept when “yes” appears anywhere; 5 solutions at 0.7 / 0.95 / 2048 tokens kept when they contain “boxed”, “he answer is” or “final answer is”; the best by a reward model (the judge model stands in when none is connected). No deduplication, contamination check or difficulty filter: its code has none.',
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
