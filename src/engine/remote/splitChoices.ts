import type { GenerationResult } from '../../core/ports/llmEngine';

/**
 * Same seed spacing as OpenAiCompatibleEngine's own fallback, so a request split by the pool draws
 * the same samples as one the engine completes itself.
 */
const SEED_STEP = 7919;

export function splitSeeds(seed: number | undefined, n: number): (number | undefined)[] {
  return Array.from({ length: n }, (_, i) =>
    seed === undefined ? undefined : seed + i * SEED_STEP,
  );
}

export function mergeResults(parts: GenerationResult[], latencyS: number): GenerationResult {
  const first = parts[0];
  if (!first) throw new Error('mergeResults needs at least one result');
  return {
    model: first.model,
    choices: parts.flatMap((p) => p.choices.slice(0, 1)),
    usage: {
      promptTokens: parts.reduce((sum, p) => sum + p.usage.promptTokens, 0),
      completionTokens: parts.reduce((sum, p) => sum + p.usage.completionTokens, 0),
      latencyS,
    },
  };
}
