import type { GeneratedQuestion } from './generateQuestion';
import type { ScreenSettings } from './runConfig';

/**
 * Attempt `index` of a run over imported questions: the text stands in for the generator's
 * output (no model call, no tokens) and must only be non-empty and within the length limit —
 * short imported questions are the person's choice, not a generation failure.
 */
export function importedQuestion(
  name: string,
  questions: readonly string[],
  index: number,
  screen: ScreenSettings,
): GeneratedQuestion {
  const raw = questions[index] ?? '';
  const text = raw.trim();
  const problem =
    text === ''
      ? 'imported question is empty'
      : text.length > screen.maxChars
        ? `too long: ${text.length} characters, at most ${screen.maxChars} allowed`
        : null;
  return {
    text,
    trace: {
      prompt: '',
      rawText: raw,
      finishReason: 'stop',
      seed: index,
      promptTokens: 0,
      completionTokens: 0,
      model: `imported: ${name}`,
    },
    verdict: problem
      ? { stage: 'generate', pass: false, reason: problem }
      : { stage: 'generate', pass: true, reason: `imported from ${name} (#${index + 1})` },
  };
}
