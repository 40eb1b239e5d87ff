/**
 * The seed each engine request carries.
 *
 * WebLLM seeds its sampler with a MINSTD generator (state = seed mod 2³¹−1, 0 → 1, next state =
 * 48271 · state mod 2³¹−1, draw = state / (2³¹−1)). Its first draw is ≈ 2.25·10⁻⁵ × seed, so
 * the small consecutive seeds "run seed + attempt" gives all start near 0, which under top-p
 * sampling means the most likely first token every time (and seeds 0 and 1 coincide). Seeds sent
 * to WebLLM are therefore scrambled by a fixed mixing function into [1, 2³¹−2]: still
 * reproducible from (run seed, attempt, sample), but their first draws spread over (0, 1).
 *
 * OpenAI-compatible servers (vLLM, SGLang, llama.cpp) hash or mix seeds themselves, so remote
 * requests keep the plain "run seed + attempt" the run settings document.
 */
import type { EngineInfo } from '../ports/llmEngine';

/** WebLLM's MINSTD modulus, 2³¹ − 1. */
export const MINSTD_MODULUS = 2147483647;

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(h: number, word: number): number {
  return fmix32((h ^ Math.imul(word >>> 0, 0x9e3779b1)) + 0x7f4a7c15);
}

/**
 * A seed in [1, 2³¹−2] from (run seed, attempt, sample index); the same inputs always give the
 * same seed. Run seeds up to 2⁵³ are mixed in full (both 32-bit halves).
 */
export function mixedSeed(runSeed: number, attempt: number, sample = 0): number {
  const run = Math.trunc(Math.abs(runSeed));
  let h = 0x243f6a88;
  h = mixWord(h, run % 2 ** 32);
  h = mixWord(h, Math.floor(run / 2 ** 32));
  h = mixWord(h, attempt);
  h = mixWord(h, sample);
  // A second round folds in more bits than 2³¹−2 needs, so the reduction bias is < 2⁻³².
  const wide = h * 2 ** 21 + (mixWord(h, 0x5bd1e995) >>> 11);
  return 1 + (wide % (MINSTD_MODULUS - 1));
}

/** The seed a request of this attempt sends to this engine. */
export function requestSeed(
  engine: Pick<EngineInfo, 'kind'>,
  runSeed: number,
  attempt: number,
  sample = 0,
): number {
  return engine.kind === 'webllm' ? mixedSeed(runSeed, attempt, sample) : runSeed + attempt;
}
