import type { LlmEngine } from '../ports/llmEngine';
import type { PreQueryProfile } from '../prompts/preQueryProfiles';
import type { SamplingSettings, ScreenSettings } from './runConfig';
import type { GenerationTrace, StageVerdict } from './records';

export interface GeneratedQuestion {
  text: string;
  trace: GenerationTrace;
  verdict: StageVerdict;
}

/**
 * Why a raw continuation is not a usable question, or null when it is: cut off by max_tokens,
 * empty, still carrying template tokens (the model ran past the end of its turn), or outside
 * the configured length bounds. This is the cheap screen every question passes first.
 */
export function generationProblem(
  rawText: string,
  finishReason: string,
  profile: PreQueryProfile,
  screen?: ScreenSettings,
): string | null {
  const malformed = screen?.rejectMalformed ?? true;
  if (malformed && finishReason === 'length')
    return 'cut off by max_tokens before the question ended';
  const text = rawText.trim();
  if (text === '') return 'empty output';
  const leaked = profile.templateTokens.find((token) => rawText.includes(token));
  if (malformed && leaked !== undefined) return `contains template token ${JSON.stringify(leaked)}`;
  if (screen && text.length < screen.minChars)
    return `too short: ${text.length} characters, at least ${screen.minChars} wanted`;
  if (screen && text.length > screen.maxChars)
    return `too long: ${text.length} characters, at most ${screen.maxChars} allowed`;
  return null;
}

/** One question "from scratch": only the pre-query prefix, as a raw completion (never chat). */
export async function generateQuestion(
  engine: LlmEngine,
  profile: PreQueryProfile,
  sampling: SamplingSettings,
  seed: number,
  signal?: AbortSignal,
  screen?: ScreenSettings,
): Promise<GeneratedQuestion> {
  const result = await engine.complete(
    {
      prompt: profile.prefix,
      stop: profile.stop,
      seed,
      n: 1,
      temperature: sampling.temperature,
      topP: sampling.topP,
      maxTokens: sampling.maxTokens,
    },
    signal,
  );
  const choice = result.choices[0] ?? { text: '', finishReason: 'other' as const };
  const trace: GenerationTrace = {
    prompt: profile.prefix,
    rawText: choice.text,
    finishReason: choice.finishReason,
    seed,
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    model: result.model,
  };
  const problem = generationProblem(choice.text, choice.finishReason, profile, screen);
  return {
    text: choice.text.trim(),
    trace,
    verdict: problem
      ? { stage: 'generate', pass: false, reason: problem }
      : { stage: 'generate', pass: true },
  };
}
