/**
 * The rules a RunConfig must meet, as one valibot schema. Every problem carries the dotted path of
 * the setting to change (`solve.samples`), so the designer shows it under that field and the CLI
 * prints `run.solve.samples: …`; a rule that ties two settings together names the one to change.
 */
import * as v from 'valibot';
import { preQueryProfiles } from '../prompts/preQueryProfiles';
import { LANGUAGE_MODES } from '../filters/languageModes';
import { ANSWER_FILTERS, JUDGE_PROMPTS, SOLUTION_SCORERS, type RunConfig } from './runConfig';

/** The most requests a run may keep in flight per engine (`concurrency`). */
export const MAX_CONCURRENCY = 4096;

/** One thing wrong with a config: where (a dotted path, '' for the whole) and why. */
export interface FieldProblem {
  path: string;
  message: string;
}

const isWhole = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** A number; its checks all fail with the one message a person can act on. */
const whole = (message: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));

const between = (message: string, min: number, max: number) =>
  v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message));

/** A number whose range only matters in some modes (checked by the section's rules). */
const anyNumber = (message: string) => v.number(message);

const choice = <const T extends readonly string[]>(name: string, options: T) =>
  v.picklist(
    options,
    (issue) =>
      `${name} must be one of ${options.map((o) => `"${o}"`).join(', ')} (got ${JSON.stringify(issue.input)}).`,
  );

const flag = (name: string) => v.boolean(`${name} must be true or false.`);

const sampling = (name: string) => ({
  temperature: between(`${name} temperature must be between 0 and 2.`, 0, 2),
  topP: v.pipe(
    v.number(`${name} top_p must be in (0, 1].`),
    v.gtValue(0, `${name} top_p must be in (0, 1].`),
    v.maxValue(1, `${name} top_p must be in (0, 1].`),
  ),
  maxTokens: whole(`${name} max tokens must be a whole number ≥ 1.`, 1),
});

const source = v.optional(
  v.variant(
    'kind',
    [
      v.object({ kind: v.literal('generate') }),
      v.object({
        kind: v.literal('imported'),
        name: v.pipe(
          v.string('Imported questions need a name (e.g. the file they came from).'),
          v.check(
            (name) => name.trim() !== '',
            'Imported questions need a name (e.g. the file they came from).',
          ),
        ),
        questions: v.pipe(
          v.array(v.unknown(), 'The imported questions must be a list of texts.'),
          v.minLength(1, 'The imported question list is empty.'),
          v.check(
            (questions) => questions.every((q) => typeof q === 'string'),
            'Every imported question must be text.',
          ),
        ),
      }),
    ],
    'The question source must be "generate" or "imported".',
  ),
);

const texts = (message: string) => v.array(v.string(message), message);

/** The generator's own template (custom local models); the family preset otherwise. */
const preQuery = v.optional(
  v.looseObject({
    prefix: v.pipe(
      v.string("The model's own pre-query template has no prefix."),
      v.minLength(1, "The model's own pre-query template has no prefix."),
    ),
    stop: texts(
      "The model's own pre-query template needs lists of stop strings and template tokens.",
    ),
    templateTokens: texts(
      "The model's own pre-query template needs lists of stop strings and template tokens.",
    ),
  }),
);

const judge = v.pipe(
  v.object({
    mode: choice('Judge mode', ['reasoning', 'fast', 'off']),
    prompt: choice('Judge prompt', JUDGE_PROMPTS),
    lenientYes: flag('The lenient "yes anywhere" rule'),
    maxTokens: anyNumber('Judge max tokens must be a whole number ≥ 1.'),
    temperature: between('Judge temperature must be between 0 and 2.', 0, 2),
    minYesProbability: between(
      'The fast judge threshold must be a probability between 0 and 1.',
      0,
      1,
    ),
  }),
  v.forward(
    v.check(
      (j) => !j.lenientYes || j.mode === 'reasoning',
      'The lenient "yes anywhere" rule only applies to the reasoning judge.',
    ),
    ['lenientYes'],
  ),
  v.forward(
    v.check(
      (j) => j.prompt !== 'paper' || j.mode !== 'fast',
      'The paper’s solvability prompt asks for reasoning; use the reasoning judge.',
    ),
    ['prompt'],
  ),
  v.forward(
    v.check(
      (j) => j.mode !== 'reasoning' || isWhole(j.maxTokens, 1),
      'Judge max tokens must be a whole number ≥ 1.',
    ),
    ['maxTokens'],
  ),
);

const difficulty = v.pipe(
  v.object({
    dropNoAgreement: flag('Dropping questions without agreement'),
    dropUnanimous: choice('Dropping unanimous questions', ['never', 'if-rated-easy', 'always']),
    rating: choice('Difficulty rating', ['off', 'when-unanimous', 'always']),
    easyAtOrBelow: whole('"Trivially easy" must be a level from 1 (very easy) to 4 (hard).', 1, 4),
    ratingMaxTokens: anyNumber('Difficulty rating max tokens must be a whole number ≥ 1.'),
  }),
  v.forward(
    v.check(
      (d) => d.dropUnanimous !== 'if-rated-easy' || d.rating !== 'off',
      'Dropping questions rated easy needs the difficulty rating turned on.',
    ),
    ['dropUnanimous'],
  ),
  v.forward(
    v.check(
      (d) => d.rating === 'off' || isWhole(d.ratingMaxTokens, 1),
      'Difficulty rating max tokens must be a whole number ≥ 1.',
    ),
    ['ratingMaxTokens'],
  ),
);

const selection = v.pipe(
  v.object({
    preferMajority: flag('Preferring the majority answer'),
    scorer: choice('Selection scorer', SOLUTION_SCORERS),
    scorerMaxTokens: anyNumber('Solution scorer max tokens must be a whole number ≥ 1.'),
  }),
  v.forward(
    v.check(
      (s) => s.scorer === 'off' || isWhole(s.scorerMaxTokens, 1),
      'Solution scorer max tokens must be a whole number ≥ 1.',
    ),
    ['scorerMaxTokens'],
  ),
);

const dedup = v.pipe(
  v.object({
    exact: flag('Exact dedup'),
    near: flag('Near-duplicate dedup'),
    shingle: choice('Dedup shingles', ['char', 'word']),
    n: anyNumber('The dedup shingle length must be a whole number ≥ 1.'),
    permutations: anyNumber('MinHash permutations and bands must be whole numbers ≥ 1.'),
    bands: anyNumber('MinHash permutations and bands must be whole numbers ≥ 1.'),
    threshold: anyNumber('The near-duplicate threshold must be in (0, 1].'),
    maskNumbers: flag('Masking numbers'),
  }),
  // The index settings only matter when near-duplicate detection is on.
  v.forward(
    v.check(
      (d) => !d.near || isWhole(d.n, 1),
      'The dedup shingle length must be a whole number ≥ 1.',
    ),
    ['n'],
  ),
  v.forward(
    v.check(
      (d) => !d.near || isWhole(d.permutations, 1),
      'MinHash permutations and bands must be whole numbers ≥ 1.',
    ),
    ['permutations'],
  ),
  v.forward(
    v.check(
      (d) => !d.near || isWhole(d.bands, 1),
      'MinHash permutations and bands must be whole numbers ≥ 1.',
    ),
    ['bands'],
  ),
  v.forward(
    v.check(
      (d) =>
        !d.near ||
        !isWhole(d.permutations, 1) ||
        !isWhole(d.bands, 1) ||
        d.permutations % d.bands === 0,
      'MinHash permutations must be a multiple of the number of bands.',
    ),
    ['permutations'],
  ),
  v.forward(
    v.check(
      (d) => !d.near || (d.threshold > 0 && d.threshold <= 1),
      'The near-duplicate threshold must be in (0, 1].',
    ),
    ['threshold'],
  ),
  v.forward(
    v.check(
      (d) => !d.maskNumbers || d.exact || d.near,
      'Masking numbers needs exact or near-duplicate detection turned on.',
    ),
    ['maskNumbers'],
  ),
);

const contamination = v.pipe(
  v.object({
    enabled: flag('Contamination checking'),
    ngram: anyNumber('The contamination n-gram length must be a whole number ≥ 1.'),
    action: choice('Contamination action', ['flag', 'drop']),
  }),
  v.forward(
    v.check(
      (c) => !c.enabled || isWhole(c.ngram, 1),
      'The contamination n-gram length must be a whole number ≥ 1.',
    ),
    ['ngram'],
  ),
);

const screen = v.pipe(
  v.object({
    minChars: whole('Question length bounds must be whole numbers.', 0),
    maxChars: whole('Question length bounds must be whole numbers.', 1),
    rejectMalformed: flag('Rejecting cut-off or template-leaking output'),
  }),
  v.forward(
    v.check(
      (s) => s.minChars <= s.maxChars,
      'The shortest allowed question is longer than the longest allowed one.',
    ),
    ['minChars'],
  ),
);

const RUN_CONFIG = v.pipe(
  v.object({
    source,
    preset: v.string('The preset must be a name.'),
    targetPairs: whole('The number of questions must be a whole number of at least 1.', 1),
    maxAttempts: whole('Allowed attempts must be at least the number of questions.', 1),
    seed: whole('The seed must be a whole number ≥ 0.', 0),
    profile: choice('Model profile', Object.keys(preQueryProfiles)),
    preQuery,
    generation: v.object(sampling('Generation')),
    screen,
    languageMode: choice('Language mode', LANGUAGE_MODES),
    dedup,
    contamination,
    judge,
    solve: v.object({
      ...sampling('Solving'),
      samples: whole('Solutions per question must be at least 1.', 1),
      instruction: v.string('The solver instruction must be text.'),
      dropUnanswered: flag('Dropping unanswered solutions'),
      answerFilter: choice('Answer filter', ANSWER_FILTERS),
      systemPrompt: v.string('The solver system message must be text.'),
    }),
    difficulty,
    grading: v.object({
      precision: whole(
        'Answer precision must be a whole number of decimal places from 0 to 15.',
        0,
        15,
      ),
    }),
    selection,
    concurrency: whole(
      `Concurrent requests must be a whole number from 1 to ${MAX_CONCURRENCY}.`,
      1,
      MAX_CONCURRENCY,
    ),
    lookAhead: whole('Look-ahead must be a whole number from 0 to 16.', 0, 16),
  }),
  // Rules across sections run once the settings they read are valid themselves.
  v.forward(
    v.partialCheck(
      [['targetPairs'], ['maxAttempts']],
      (c) => c.maxAttempts >= c.targetPairs,
      'Allowed attempts must be at least the number of questions.',
    ),
    ['maxAttempts'],
  ),
  v.forward(
    v.partialCheck(
      [
        ['difficulty', 'dropNoAgreement'],
        ['difficulty', 'dropUnanimous'],
        ['solve', 'samples'],
      ],
      (c) =>
        (!c.difficulty.dropNoAgreement && c.difficulty.dropUnanimous === 'never') ||
        c.solve.samples >= 2,
      'A difficulty band needs at least 2 solutions per question (agreement needs two answers).',
    ),
    ['solve', 'samples'],
  ),
);

/** Every problem with a config, each at the setting to change; empty when it is usable. */
export function runConfigProblems(config: unknown): FieldProblem[] {
  const result = v.safeParse(RUN_CONFIG, config);
  if (result.success) return [];
  return result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }));
}

/** The problems as sentences, each once, for places that show a plain list. */
export function validateRunConfig(config: RunConfig): string[] {
  return [...new Set(runConfigProblems(config).map((p) => p.message))];
}
