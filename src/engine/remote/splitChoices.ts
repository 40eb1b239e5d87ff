import type { GenerationResult } from '../../core/ports/llmEngine';
import { choiceSeed } from '../openai/choiceSeeds';

/** The seeds of n one-choice requests standing in for one request with n choices. */
export function splitSeeds(seed: number | undefined, n: number): (number | undefined)[] {
  return Array.from({ length: n }, (_, i) => choiceSeed(seed, i));
}

export function mergeResults(parts: GenerationResult[], latencyS: number): GenerationResult {
  const first = parts[0];
  if (!first) throw new Error('mergeResults needs at least one result');
  return {
    model: first.model,
    choices: parts.flatMap((p) => p.choices),
    usage: {
      promptTokens: parts.reduce((sum, p) => sum + p.usage.promptTokens, 0),
      completionTokens: parts.reduce((sum, p) => sum + p.usage.completionTokens, 0),
      latencyS,
    },
  };
}
