import type { LlmEngine } from '../ports/llmEngine';
import type { AgreementStats } from '../answers/majorityVote';
import {
  DIFFICULTY_LEVELS,
  difficultyRatingMessages,
  parseDifficultyRating,
} from '../judge/difficultyRating';
import { promptText } from '../judge/solvabilityPrompts';
import { stageTokens, type DifficultyTrace, type StageTokens } from './records';
import type { DifficultySettings } from './runConfig';

export type DifficultyRating = NonNullable<DifficultyTrace['rating']>;

/** The free signals from k solutions: fail rate against the majority, agreement, spread. */
export function difficultySignals(stats: AgreementStats): DifficultyTrace {
  return {
    failRate: stats.failRate,
    agreement: stats.agreement,
    distinctAnswers: stats.distinctAnswers,
    answered: stats.answered,
    ...(stats.undecided ? { undecided: stats.undecided } : {}),
  };
}

const majoritySize = (t: DifficultyTrace, samples: number) => Math.round(t.agreement * samples);
const unanimous = (t: DifficultyTrace, samples: number) =>
  samples >= 2 && majoritySize(t, samples) === samples;

/** Whether the LLM rating should be asked for: always, or only where it can decide a drop. */
export function wantsRating(
  settings: DifficultySettings,
  signals: DifficultyTrace,
  samples: number,
): boolean {
  if (settings.rating === 'always') return true;
  return settings.rating === 'when-unanimous' && unanimous(signals, samples);
}

/** Asks for a five-level rating (greedy, a few tokens). */
export async function rateDifficulty(
  engine: LlmEngine,
  question: string,
  settings: DifficultySettings,
  seed: number,
  signal?: AbortSignal,
): Promise<{ rating: DifficultyRating; tokens: StageTokens }> {
  const messages = difficultyRatingMessages(question);
  const result = await engine.chat(
    { messages, n: 1, seed, temperature: 0, topP: 1, maxTokens: settings.ratingMaxTokens },
    signal,
  );
  const output = result.choices[0]?.text ?? '';
  const level = parseDifficultyRating(output);
  return {
    rating: {
      level,
      label: level === null ? null : (DIFFICULTY_LEVELS[level - 1] ?? null),
      prompt: promptText(messages),
      output,
    },
    tokens: stageTokens(result.usage),
  };
}

/** Applies the configured band; the reason says what was measured either way. */
export function difficultyVerdict(
  settings: DifficultySettings,
  trace: DifficultyTrace,
  samples: number,
): { pass: boolean; reason: string } {
  const agree = majoritySize(trace, samples);
  const rated = trace.rating?.label ? `, rated ${trace.rating.label}` : '';
  const measured = `fail rate ${Math.round(trace.failRate * 100)}%, ${agree}/${samples} agree${rated}`;
  if (settings.dropNoAgreement && samples >= 2 && agree < 2)
    return { pass: false, reason: `no two solutions agree (${measured})` };
  if (unanimous(trace, samples)) {
    if (settings.dropUnanimous === 'always')
      return { pass: false, reason: `every solution agrees: too easy (${measured})` };
    const level = trace.rating?.level;
    if (
      settings.dropUnanimous === 'if-rated-easy' &&
      level !== null &&
      level !== undefined &&
      level <= settings.easyAtOrBelow
    )
      return {
        pass: false,
        reason: `every solution agrees and it is rated trivially easy (${measured})`,
      };
  }
  return { pass: true, reason: measured };
}
