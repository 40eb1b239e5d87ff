import type { LlmEngine } from '../../engine/llmEngine';
import type { PreQueryProfile } from '../prompts/preQueryProfiles';
import type { SamplingSettings } from './runConfig';
import type { GenerationTrace, StageVerdict } from './records';

export interface GeneratedQuestion {
  text: string;
  trace: GenerationTrace;
  verdict: StageVerdict;
}

/**
 * Why a raw continuation is not a usable question, or null when it is: cut off by max_tokens,
 * empty, or still carrying template tokens (the model ran past the end of its turn).
 */
export function generationProblem(
  rawText: string,
  finishReason: string,
  profile: PreQueryProfile,
): string | null {
  if (finishReason === 'length') return 'cut off by max_tokens before the question ended';
  if (rawText.trim() === '') return 'empty output';
  const leaked = profile.templateTokens.find((token) => rawText.includes(token));
  if (leaked !== undefined) return `contains template token ${JSON.stringify(leaked)}`;
  return null;
}

/** One question "from scratch": only the pre-query prefix, as a raw completion (never chat). */
export async function generateQuestion(
  engine: LlmEngine,
  profile: PreQueryProfile,
  sampling: SamplingSettings,
  seed: number,
  signal?: AbortSignal,
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
  const problem = generationProblem(choice.text, choice.finishReason, profile);
  return {
    text: choice.text.trim(),
    trace,
    verdict: problem
      ? { stage: 'generate', pass: false, reason: problem }
      : { stage: 'generate', pass: true },
  };
}
