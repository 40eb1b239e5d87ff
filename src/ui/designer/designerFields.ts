/**
 * Every RunConfig setting, grouped by pipeline stage in flow order, with a one-line explanation of
 * what it does in the method and which validation messages belong to it.
 */
import { preQueryProfiles, type ModelFamily } from '../../core/prompts/preQueryProfiles';
import type { RunConfig } from '../../core/pipeline/runConfig';
import type { FieldProblem } from '../../core/pipeline/runConfigSchema';
import type { ConfigPath } from './configPath';

export interface FieldOption {
  value: string;
  label: string;
}

export interface DesignerField {
  path: ConfigPath;
  label: string;
  /** What it does in the method, one line. */
  help: string;
  kind: 'number' | 'checkbox' | 'select' | 'text';
  options?: FieldOption[];
  min?: number;
  max?: number;
  step?: number;
  /**
   * Shown after "Paper:" instead of the paper preset's value where the paper's code has no such
   * setting. "Paper:" always says what the paper's code does.
   */
  paperNote?: string;
  /**
   * Settings whose problems this field shows too, besides its own path's: a rule tying two
   * settings together reports at one of them (see runConfigSchema) and may be fixed at either.
   */
  shows?: ConfigPath[];
  /** The field only matters when this holds; otherwise it is shown disabled. */
  when?: (config: RunConfig) => boolean;
  /** A bound that may be left empty for "no limit" (stored as Number.MAX_SAFE_INTEGER). */
  unlimited?: true;
}

export interface DesignerGroup {
  id: string;
  title: string;
  /** What the stage does, with the paper's rule. */
  summary: string;
  fields: DesignerField[];
}

const opts = (...pairs: [string, string][]): FieldOption[] =>
  pairs.map(([value, label]) => ({ value, label }));

const profileOptions = Object.values(preQueryProfiles).map((p) => ({
  value: p.family,
  label: p.label,
})) satisfies { value: ModelFamily; label: string }[];

const sampling = (section: 'generation' | 'solve', name: string): DesignerField[] => [
  {
    path: `${section}.temperature`,
    label: `${name} temperature`,
    help: 'Higher values give more varied text; 0 is greedy.',
    kind: 'number',
    min: 0,
    max: 2,
    step: 0.05,
  },
  {
    path: `${section}.topP`,
    label: `${name} top_p`,
    help: 'Nucleus sampling: only the most likely tokens whose probabilities add up to this are drawn.',
    kind: 'number',
    min: 0.01,
    max: 1,
    step: 0.01,
  },
  {
    path: `${section}.maxTokens`,
    label: `${name} max tokens`,
    help:
      section === 'generation'
        ? 'Longest question the model may write; a question cut off here is rejected.'
        : 'Longest solution; a cut-off solution usually has no final answer.',
    kind: 'number',
    min: 1,
    step: 1,
  },
];

export const DESIGNER_GROUPS: DesignerGroup[] = [
  {
    id: 'run',
    title: 'Run',
    summary: 'How much to produce, how reproducibly and how many requests run at once.',
    fields: [
      {
        path: 'targetPairs',
        label: 'Questions to keep',
        help: 'The run stops once this many question–answer pairs passed every stage.',
        kind: 'number',
        min: 1,
        step: 1,
        paperNote: '1M pairs (dataset ScaleQuest-Math)',
      },
      {
        path: 'maxAttempts',
        label: 'Allowed attempts',
        help: 'Generation attempts before the run gives up on the target (filters drop many).',
        kind: 'number',
        min: 1,
        step: 1,
        paperNote: '2M generated for 1M kept',
      },
      {
        path: 'seed',
        label: 'Seed',
        help: 'Attempt i samples with seed + i on a server (a scrambled mix of seed and i on a local model), so a run can be reproduced on the same model.',
        kind: 'number',
        min: 0,
        step: 1,
        paperNote: 'not stated',
      },
      {
        path: 'concurrency',
        label: 'Concurrent requests',
        help: 'Requests in flight at once: 1 for a browser model, more for a batching server.',
        kind: 'number',
        min: 1,
        max: 64,
        step: 1,
        paperNote: 'batched vLLM on A100s',
      },
      {
        path: 'lookAhead',
        label: 'Look-ahead',
        help: 'Attempts generated ahead of the ones being judged, so the engine never idles.',
        kind: 'number',
        min: 0,
        max: 16,
        step: 1,
        paperNote: 'not applicable',
      },
    ],
  },
  {
    id: 'generate',
    title: '1 · Generate',
    summary:
      'Question generation from scratch: the model gets only the chat-template prefix before a user turn and writes the question itself.',
    fields: [
      {
        path: 'profile',
        label: 'Pre-query template',
        help: 'The chat-template prefix and stop tokens of the generator model’s family.',
        kind: 'select',
        options: profileOptions,
      },
      ...sampling('generation', 'Generation'),
      {
        path: 'screen.minChars',
        label: 'Shortest question (characters)',
        help: 'Shorter outputs are fragments, not questions.',
        kind: 'number',
        min: 0,
        step: 1,
      },
      {
        path: 'screen.maxChars',
        label: 'Longest question (characters)',
        help: 'Longer outputs are usually run-on text rather than one question. Empty: no limit.',
        kind: 'number',
        shows: ['screen.minChars'],
        min: 1,
        step: 1,
        unlimited: true,
        paperNote: 'no limit (non-empty only)',
      },
      {
        path: 'screen.rejectMalformed',
        label: 'Reject cut-off or template-leaking output',
        help: 'A continuation that hit max tokens, or ran into template tokens, is not one whole question.',
        kind: 'checkbox',
      },
    ],
  },
  {
    id: 'language',
    title: '2 · Language',
    summary: 'The paper keeps only pure-ASCII text (drops 20.1% of raw questions).',
    fields: [
      {
        path: 'languageMode',
        label: 'Language filter',
        help: 'ASCII is the paper’s rule; English detection also keeps π, °, ×, √.',
        kind: 'select',
        options: opts(
          ['ascii', 'Pure ASCII (paper)'],
          ['english', 'Detected English, math symbols allowed'],
        ),
      },
    ],
  },
  {
    id: 'dedup',
    title: '3 · Duplicates',
    summary:
      'Not in the paper; peers use MinHash. Runs before any judge call, so duplicates cost nothing.',
    fields: [
      {
        path: 'dedup.exact',
        label: 'Exact duplicates',
        help: 'Drop a question whose normalised text was already kept.',
        kind: 'checkbox',
        paperNote: 'off (no dedup)',
      },
      {
        path: 'dedup.near',
        label: 'Near duplicates (MinHash-LSH)',
        help: 'Drop questions whose n-gram sets overlap an earlier one above the threshold.',
        kind: 'checkbox',
        paperNote: 'off (no dedup)',
      },
      {
        path: 'dedup.shingle',
        label: 'Shingles',
        help: 'Compare character or word n-grams.',
        kind: 'select',
        options: opts(['char', 'Characters'], ['word', 'Words']),
        paperNote: 'not applicable',
        when: (c) => c.dedup.near,
      },
      {
        path: 'dedup.n',
        label: 'Shingle length',
        help: 'n of the n-grams; 5 characters catches one-number clones.',
        kind: 'number',
        min: 1,
        step: 1,
        paperNote: 'not applicable',
        when: (c) => c.dedup.near,
      },
      {
        path: 'dedup.permutations',
        label: 'MinHash permutations',
        help: 'More permutations estimate similarity more precisely (128 is common).',
        kind: 'number',
        min: 1,
        step: 1,
        paperNote: 'not applicable',
        when: (c) => c.dedup.near,
      },
      {
        path: 'dedup.bands',
        label: 'LSH bands',
        help: 'Permutations are split into bands; more bands find lower similarities.',
        kind: 'number',
        shows: ['dedup.permutations'],
        min: 1,
        step: 1,
        paperNote: 'not applicable',
        when: (c) => c.dedup.near,
      },
      {
        path: 'dedup.threshold',
        label: 'Similarity threshold',
        help: 'Jaccard similarity at or above which two questions count as duplicates (0.7–0.8).',
        kind: 'number',
        min: 0.01,
        max: 1,
        step: 0.01,
        paperNote: 'not applicable',
        when: (c) => c.dedup.near,
      },
      {
        path: 'dedup.maskNumbers',
        label: 'Also compare with numbers masked',
        help: 'Catches template clones that differ only in their numbers.',
        kind: 'checkbox',
        paperNote: 'off (no dedup)',
      },
    ],
  },
  {
    id: 'contamination',
    title: '4 · Contamination',
    summary:
      'N-gram overlap with benchmark test sets. Not a step of the paper’s code: the paper measured 13-gram overlap afterwards.',
    fields: [
      {
        path: 'contamination.enabled',
        label: 'Check contamination',
        help: 'Compare each question with the benchmark test questions built into the studio (GSM8K, MATH500, OlympiadBench) and any reference set you import.',
        kind: 'checkbox',
      },
      {
        path: 'contamination.ngram',
        label: 'N-gram length',
        help: 'Word n-grams shared with a test question count as overlap.',
        kind: 'number',
        min: 1,
        step: 1,
        when: (c) => c.contamination.enabled,
      },
      {
        path: 'contamination.action',
        label: 'On overlap',
        help: 'Flag keeps the question with a note; drop rejects it.',
        kind: 'select',
        options: opts(['flag', 'Flag'], ['drop', 'Drop']),
        when: (c) => c.contamination.enabled,
      },
    ],
  },
  {
    id: 'judge',
    title: '5 · Solvability judge',
    summary:
      'A strict math teacher decides whether the text is a real, solvable problem (the paper drops 19.4%).',
    fields: [
      {
        path: 'judge.mode',
        label: 'Judge',
        help: 'Reasoning thinks step by step and ends with Yes/No; fast reads one Yes/No token.',
        kind: 'select',
        options: opts(
          ['reasoning', 'Reasoning, final verdict'],
          ['fast', 'Fast, one token'],
          ['off', 'Off'],
        ),
      },
      {
        path: 'judge.prompt',
        label: 'Judge prompt',
        help: 'The studio’s strict teacher ends with “Answer: Yes/No”; the paper’s is its text word for word, with the system message “You are a helpful assistant.”',
        kind: 'select',
        options: opts(['studio', 'Studio: strict teacher'], ['paper', 'The paper’s, verbatim']),
        when: (c) => c.judge.mode === 'reasoning',
      },
      {
        path: 'judge.lenientYes',
        label: 'Keep when "yes" appears anywhere',
        help: 'Keeps a question when “yes” occurs anywhere in the lower-cased output, even in “eyes”; off, the final Yes/No verdict decides.',
        kind: 'checkbox',
        when: (c) => c.judge.mode === 'reasoning',
      },
      {
        path: 'judge.maxTokens',
        label: 'Judge max tokens',
        help: 'Room for the judge’s reasoning before its verdict.',
        kind: 'number',
        min: 1,
        step: 1,
        when: (c) => c.judge.mode === 'reasoning',
      },
      {
        path: 'judge.temperature',
        label: 'Judge temperature',
        help: '0 is greedy decoding, as in the paper.',
        kind: 'number',
        min: 0,
        max: 2,
        step: 0.05,
        when: (c) => c.judge.mode !== 'off',
      },
      {
        path: 'judge.minYesProbability',
        label: 'Fast judge threshold P(yes)',
        help: 'The fast judge keeps a question when the probability of "Yes" reaches this.',
        kind: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        paperNote: 'not applicable',
        when: (c) => c.judge.mode === 'fast',
      },
    ],
  },
  {
    id: 'solve',
    title: '6 · Solve',
    summary:
      'k solutions per question, each asked to reason step by step and box its final answer.',
    fields: [
      {
        path: 'solve.samples',
        label: 'Solutions per question',
        help: 'k: more samples give a firmer majority and difficulty signal, at k× the tokens.',
        kind: 'number',
        min: 1,
        max: 16,
        step: 1,
      },
      ...sampling('solve', 'Solving'),
      {
        path: 'solve.instruction',
        label: 'Solver instruction',
        help: 'Appended to the question as the solver’s user turn.',
        kind: 'text',
      },
      {
        path: 'solve.systemPrompt',
        label: 'Solver system message',
        help: 'Sent before the question; empty leaves the model’s own chat-template default.',
        kind: 'text',
      },
      {
        path: 'solve.answerFilter',
        label: 'What counts as stating an answer',
        help: 'An explicit final answer (a box, “final answer … is”, “answer:”, ####) in a solution that ended on its own; or, as the paper’s code does, “boxed”, “he answer is” or “final answer is” anywhere, case-sensitive.',
        kind: 'select',
        options: opts(
          ['stated-answer', 'An explicit final answer'],
          ['paper-substrings', 'One of three substrings'],
        ),
      },
      {
        path: 'solve.dropUnanswered',
        label: 'Drop solutions that state no answer',
        help: 'Solutions that fail the answer filter above cannot be kept.',
        kind: 'checkbox',
      },
    ],
  },
  {
    id: 'difficulty',
    title: '7 · Majority and difficulty',
    summary:
      'Answers are extracted and voted by value. The paper’s code scores questions with a difficulty model it never released and applies no threshold; the studio reads difficulty from the k solutions.',
    fields: [
      {
        path: 'difficulty.dropNoAgreement',
        label: 'Drop when no two solutions agree',
        help: 'No answer reached twice: probably unsolvable or ambiguous.',
        kind: 'checkbox',
        shows: ['solve.samples'],
      },
      {
        path: 'difficulty.dropUnanimous',
        label: 'Drop unanimous questions',
        help: 'All solutions agree: possibly too easy to teach anything.',
        kind: 'select',
        shows: ['solve.samples'],
        options: opts(
          ['never', 'Never'],
          ['if-rated-easy', 'Only when rated trivially easy'],
          ['always', 'Always'],
        ),
      },
      {
        path: 'difficulty.rating',
        label: 'Difficulty rating',
        help: 'Ask the model to rate very easy … very hard (a stand-in for the paper’s unreleased difficulty model).',
        kind: 'select',
        shows: ['difficulty.dropUnanimous'],
        options: opts(
          ['off', 'Off'],
          ['when-unanimous', 'When all solutions agree'],
          ['always', 'Always'],
        ),
      },
      {
        path: 'grading.precision',
        label: 'Answer precision (decimal places)',
        help: 'Answers written as rounded decimals match when they agree to this many places (0.333333 = 1/3 at 6).',
        kind: 'number',
        min: 0,
        max: 15,
        step: 1,
        paperNote: 'no answer comparison (it keeps the best reward score)',
      },
      {
        path: 'difficulty.easyAtOrBelow',
        label: 'Trivially easy at or below level',
        help: '1 very easy … 5 very hard.',
        kind: 'number',
        min: 1,
        max: 4,
        step: 1,
        when: (c) => c.difficulty.rating !== 'off',
      },
      {
        path: 'difficulty.ratingMaxTokens',
        label: 'Rating max tokens',
        help: 'The rating is a single word; a few tokens suffice.',
        kind: 'number',
        min: 1,
        step: 1,
        when: (c) => c.difficulty.rating !== 'off',
      },
    ],
  },
  {
    id: 'select',
    title: '8 · Select',
    summary:
      'One solution is kept per question; the paper keeps the highest reward-model score of 5.',
    fields: [
      {
        path: 'selection.preferMajority',
        label: 'Prefer the majority answer',
        help: 'Rank solutions that reach the majority answer first; reject when none does.',
        kind: 'checkbox',
      },
      {
        path: 'selection.scorer',
        label: 'Scorer',
        help: 'A reward model on the “Score solutions” server (vLLM /pooling; the paper uses internlm2-7b-reward), or the judge model grading 1–10. A reward model with no server falls back to the judge model, and the run log says so.',
        kind: 'select',
        options: opts(
          ['off', 'Off (shortest wins ties)'],
          ['local-judge', 'Judge model 1–10'],
          ['reward-model', 'Reward model'],
        ),
      },
      {
        path: 'selection.scorerMaxTokens',
        label: 'Scorer max tokens',
        help: 'The score is one number; a few tokens suffice.',
        kind: 'number',
        min: 1,
        step: 1,
        when: (c) => c.selection.scorer !== 'off',
      },
    ],
  },
];

/** The problems this field shows: those at its path and at the paths it lists in `shows`. */
export function fieldProblems(field: DesignerField, problems: FieldProblem[]): string[] {
  const paths = [field.path, ...(field.shows ?? [])];
  return [...new Set(problems.filter((p) => paths.includes(p.path)).map((p) => p.message))];
}
