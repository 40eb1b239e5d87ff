/**
 * Quantization in words for the model screens: what a build's name means and why a small
 * unquantized model can download more than a larger 4-bit one (pure, unit-tested).
 */
import type { CatalogModel, Quantization } from '../engine/webllm/modelCatalog';

export type { Quantization } from '../engine/webllm/modelCatalog';

const KNOWN: readonly Quantization[] = ['q4f16_1', 'q4f32_1', 'q0f16', 'q0f32'];

const QUANT_WORDS: Record<Quantization, string> = {
  q4f16_1: '4-bit weights',
  q4f32_1: '4-bit weights',
  q0f16: 'unquantized, 2 bytes per weight',
  q0f32: 'unquantized, 4 bytes per weight',
};

/** The quantization in words, e.g. "q0f32: unquantized, 4 bytes per weight". */
export function describeQuantization(q: Quantization): string {
  return `${q}: ${QUANT_WORDS[q]}`;
}

/** The quantization named in a model id or library file name, when it follows MLC's naming. */
export function quantizationIn(text: string): Quantization | undefined {
  const m = /q[04]f(16|32)(_1)?/.exec(text);
  if (!m) return undefined;
  const q = m[0].startsWith('q4') ? `${m[0].replace(/_1$/, '')}_1` : m[0].replace(/_1$/, '');
  return (KNOWN as readonly string[]).includes(q) ? (q as Quantization) : undefined;
}

/**
 * Why a build downloads more than a bigger model's: only unquantized builds exist for it
 * (WebLLM ships SmolLM2-135M as q0f32 only), and those take 4 or 2 bytes per weight where
 * 4-bit builds take about 0.6.
 */
export function sizeNote(
  model: Pick<CatalogModel, 'quantization' | 'paramsB'>,
): string | undefined {
  if (!model.quantization.startsWith('q0')) return undefined;
  const bytes = model.quantization === 'q0f32' ? 4 : 2;
  const params = model.paramsB < 1 ? `${Math.round(model.paramsB * 1000)}M` : `${model.paramsB}B`;
  return `Larger than some bigger models: only an unquantized build exists here, so each of its ${params} weights takes ${bytes} bytes instead of about 0.6.`;
}
