import {
  preQueryProfiles,
  type ModelFamily,
  type PreQueryProfile,
} from '../prompts/preQueryProfiles';
import type { DerivedProfile } from '../prompts/profileFromChatConfig';
import type { LanguageMode } from '../filters/languageModes';

export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
}

/** Cheap screen on the raw question before any other stage (length bounds in characters). */
export interface ScreenSettings {
  minChars: number;
  maxChars: number;
  /**
   * Reject a continuation cut off by max_tokens or carrying template tokens. The paper's code
   * keeps every non-empty stripped continuation (it never looks at either).
   */
  rejectMalformed: boolean;
}

export type JudgeMode = 'reasoning' | 'fast' | 'off';

/** Whose solvability prompt the reasoning judge sends: the studio's, or the paper's verbatim. */
export type JudgePrompt = 'studio' | 'paper';

export const JUDGE_PROMPTS: readonly JudgePrompt[] = ['studio', 'paper'];

/**
 * Which solutions count as stating an answer: 'stated-answer' (the studio: an explicit final
 * answer — a box, "final answer … is", "answer: …", `####` — in a solution not cut off by
 * max_tokens) or 'paper-substrings' (the paper's code: the stripped response contains "boxed",
 * "he answer is" or "final answer is", case-sensitive).
 */
export type AnswerFilter = 'stated-answer' | 'paper-substrings';

export const ANSWER_FILTERS: readonly AnswerFilter[] = ['stated-answer', 'paper-substrings'];

/** Solvability judge (method step 3). */
export interface JudgeSettings {
  /** 'reasoning': thinks step by step, ends with Yes/No; 'fast': one Yes/No token; 'off': skip. */
  mode: JudgeMode;
  /** The reasoning judge's prompt: the studio's strict teacher, or the paper's, word for word. */
  prompt: JudgePrompt;
  /**
   * The paper's rule: keep when "yes" occurs anywhere in the lower-cased output (a plain
   * substring, as its code does); otherwise the final Yes/No verdict decides. Reasoning mode only.
   */
  lenientYes: boolean;
  maxTokens: number;
  /** 0 = greedy, as the paper. */
  temperature: number;
  /** Fast mode keeps a question when P(yes) reaches this. */
  minYesProbability: number;
}

/** Difficulty band (method step 4), read from the k solutions and an optional five-level rating. */
export interface DifficultySettings {
  /** Drop questions on which no two solutions agree (no answer reached by two samples). */
  dropNoAgreement: boolean;
  /** Drop questions every solution agrees on: never, only when rated trivially easy, or always. */
  dropUnanimous: 'never' | 'if-rated-easy' | 'always';
  /** Ask the model for a rating: never, only when all solutions agree (where it decides), always. */
  rating: 'off' | 'when-unanimous' | 'always';
  /** Ratings at or below this level count as trivially easy (1 very easy … 5 very hard). */
  easyAtOrBelow: number;
  ratingMaxTokens: number;
}

export type SolutionScorerKind = 'off' | 'local-judge' | 'reward-model';

export const SOLUTION_SCORERS: readonly SolutionScorerKind[] = [
  'off',
  'local-judge',
  'reward-model',
];

/** How the kept solution is picked among the k (method step 7). */
export interface SelectionSettings {
  /** Rank solutions that reach the majority answer first; when no solution does, reject. */
  preferMajority: boolean;
  /**
   * Then by a score: none, the local model grading each candidate 1–10, or a reward model
   * (the paper's choice). 'reward-model' needs a reward endpoint wired in by the caller; without
   * one the runner falls back to the local judge (see `selectionScorer`).
   */
  scorer: SolutionScorerKind;
  scorerMaxTokens: number;
}

/** How extracted answers are compared for the majority vote and the difficulty band. */
export interface GradingSettings {
  /**
   * Decimal places compared when an answer is written as a rounded decimal (0.333333 vs 1/3):
   * Math-Verify's default float rounding is 6.
   */
  precision: number;
}

export const DEFAULT_GRADING_PRECISION = 6;

/** Duplicate detection (method step 5); the near-duplicate engine plugs in through a port. */
export interface DedupSettings {
  /** Exact match on normalised text. */
  exact: boolean;
  /** Near duplicates by MinHash-LSH. */
  near: boolean;
  shingle: 'char' | 'word';
  /** Shingle length (characters or words). */
  n: number;
  permutations: number;
  bands: number;
  /** Jaccard similarity at or above which two questions are duplicates. */
  threshold: number;
  /** Also compare with numbers masked, to catch template clones. */
  maskNumbers: boolean;
}

/** N-gram overlap with reference test sets; the index plugs in through a port. */
export interface ContaminationSettings {
  enabled: boolean;
  ngram: number;
  /** 'flag' keeps the question with a note; 'drop' rejects it. */
  action: 'flag' | 'drop';
}

/**
 * Where attempt i's question comes from: the generator model (default), or `questions[i]` of an
 * imported list, which then goes through every later stage as a generated one would.
 */
export type RunSource =
  { kind: 'generate' } | { kind: 'imported'; name: string; questions: string[] };

/** A pre-query profile read from a model's own config, with the model it belongs to. */
export interface ModelPreQuery extends DerivedProfile {
  model: string;
}

/** The pre-query prefix and stops the generator gets: its own template, else the family's. */
export function preQueryProfileOf(
  config: Pick<RunConfig, 'profile' | 'preQuery'>,
): PreQueryProfile {
  return config.preQuery ?? preQueryProfiles[config.profile];
}

/** Everything that decides what a run produces; stored with the run so it can be reproduced. */
export interface RunConfig {
  /** Generated (default when absent) or imported questions. */
  source?: RunSource;
  /** Which preset it started from ('custom' once edited by hand is up to the UI). */
  preset: string;
  /** How many question–answer pairs to keep. */
  targetPairs: number;
  /** Generation attempts allowed before the run gives up on reaching the target. */
  maxAttempts: number;
  /**
   * Base seed; attempt i sends seed + i to a server and a scrambled mix of (seed, i) to WebLLM
   * (core/pipeline/seeds.ts), so a run is reproducible on the same model and backend.
   */
  seed: number;
  /** Which pre-query template the generator model needs (the family preset). */
  profile: ModelFamily;
  /**
   * The generator's own template, rendered from its mlc-chat-config.json (custom local models);
   * when set it replaces the family preset, which stays as the fallback for older readers.
   */
  preQuery?: ModelPreQuery;
  generation: SamplingSettings;
  screen: ScreenSettings;
  languageMode: LanguageMode;
  dedup: DedupSettings;
  contamination: ContaminationSettings;
  judge: JudgeSettings;
  solve: SamplingSettings & {
    /** Solutions sampled per question. */
    samples: number;
    /** Appended to the question as the solver's user turn. */
    instruction: string;
    /** Solutions that fail the answer filter cannot be selected (the paper drops them). */
    dropUnanswered: boolean;
    /** What counts as stating an answer (see AnswerFilter). */
    answerFilter: AnswerFilter;
    /** System message of the solver's chat; empty leaves the model's chat template default. */
    systemPrompt: string;
  };
  difficulty: DifficultySettings;
  grading: GradingSettings;
  selection: SelectionSettings;
  /** Engine requests in flight at once (1 for a local model; more for a server with batching). */
  concurrency: number;
  /** Attempts started ahead of those being judged or solved, so the engine never waits. */
  lookAhead: number;
}

export const SOLVE_INSTRUCTION =
  'Please reason step by step, and put your final answer within \\boxed{}.';

export const DEFAULT_PRESET_ID = 'studio-default';

/**
 * The studio's default: the paper's sampling, with the better choices where the paper's were
 * weak (final-verdict judge, dedup, a no-agreement band, majority-first selection).
 */
export function defaultRunConfig(
  overrides: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {},
): RunConfig {
  const targetPairs = overrides.targetPairs ?? 5;
  return {
    preset: DEFAULT_PRESET_ID,
    targetPairs,
    maxAttempts: Math.max(10, targetPairs * 4),
    seed: overrides.seed ?? 0,
    profile: 'qwen2',
    generation: { temperature: 1.0, topP: 0.99, maxTokens: 1024 },
    screen: { minChars: 8, maxChars: 4000, rejectMalformed: true },
    // Detects the language and allows math symbols; the paper's pure-ASCII rule is its preset.
    languageMode: 'english',
    dedup: {
      exact: true,
      near: true,
      shingle: 'char',
      n: 5,
      permutations: 128,
      bands: 32,
      threshold: 0.7,
      maskNumbers: false,
    },
    contamination: { enabled: true, ngram: 13, action: 'flag' },
    judge: {
      mode: 'reasoning',
      prompt: 'studio',
      lenientYes: false,
      maxTokens: 2048,
      temperature: 0,
      minYesProbability: 0.5,
    },
    solve: {
      samples: 3,
      temperature: 0.7,
      topP: 0.95,
      maxTokens: 2048,
      instruction: SOLVE_INSTRUCTION,
      dropUnanswered: true,
      answerFilter: 'stated-answer',
      systemPrompt: '',
    },
    difficulty: {
      dropNoAgreement: true,
      dropUnanimous: 'never',
      rating: 'off',
      easyAtOrBelow: 1,
      ratingMaxTokens: 16,
    },
    grading: { precision: DEFAULT_GRADING_PRECISION },
    selection: { preferMajority: true, scorer: 'off', scorerMaxTokens: 16 },
    concurrency: 1,
    lookAhead: 2,
  };
}

/**
 * Fills sections missing from a config stored before they existed, with values that reproduce
 * what such a run did then (no judge, no band, exact dedup only), so resuming it stays exact.
 */
export function withConfigDefaults(stored: RunConfig): RunConfig {
  const d = defaultRunConfig({ targetPairs: stored.targetPairs, seed: stored.seed });
  const partial = stored as Partial<RunConfig>;
  const legacy = partial.judge === undefined;
  const base: RunConfig = legacy
    ? {
        ...d,
        preset: 'legacy',
        dedup: { ...d.dedup, near: false },
        contamination: { ...d.contamination, enabled: false },
        judge: { ...d.judge, mode: 'off' },
        difficulty: { ...d.difficulty, dropNoAgreement: false },
        screen: { ...d.screen, minChars: 0, maxChars: Number.MAX_SAFE_INTEGER },
      }
    : d;
  // Settings added after a run was stored take the value that reproduces what it did then
  return {
    ...base,
    ...stored,
    screen: { ...base.screen, ...partial.screen },
    judge: { ...base.judge, ...partial.judge },
    solve: { ...base.solve, ...partial.solve },
    grading: { ...base.grading, ...partial.grading },
  };
}

/**
 * Attempts a run may use: an imported list has one question per attempt, so it caps
 * `maxAttempts` at its length.
 */
export function attemptLimit(config: RunConfig): number {
  const source = config.source;
  return source?.kind === 'imported'
    ? Math.min(config.maxAttempts, source.questions.length)
    : config.maxAttempts;
}
