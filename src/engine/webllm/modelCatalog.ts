/**
 * The curated local-model catalog, built from WebLLM's `prebuiltAppConfig` so ids, URLs and
 * VRAM figures stay those of the installed WebLLM. The records are passed in (the page asks the
 * WebLLM worker for them): importing `prebuiltAppConfig` here would pull all of WebLLM into the
 * page's initial bundle.
 *
 * Download size is an ESTIMATE: parameters × effective bits per weight of the quantization
 * (q4f16_1: 4-bit weights + one f16 scale per 32 → 4.5 bits; q4f32_1: 4 + 32/32 = 5 bits;
 * q0f16: 16; q0f32: 32), plus ~5 % for tokenizer/config files. The records do not carry sizes.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../../core/prompts/preQueryProfiles';

export type ModelRole = 'generator' | 'judge' | 'solver';
export type Quantization = 'q4f16_1' | 'q4f32_1' | 'q0f16' | 'q0f32';

export interface CatalogEntry {
  /** Base name without quantization, e.g. "Qwen2-Math-7B-Instruct". */
  name: string;
  family: ModelFamily;
  /** Parameters in billions (model cards). */
  paramsB: number;
  roles: ModelRole[];
  /** Shown in the picker. */
  note: string;
  /** Math-relevant (ScaleQuest) vs. small model for quick tries. */
  tier: 'math' | 'small';
}

export interface CatalogModel extends CatalogEntry {
  modelId: string;
  quantization: Quantization;
  record: ModelRecord;
  vramMB: number | undefined;
  estimatedDownloadBytes: number;
  needsShaderF16: boolean;
}

export const CATALOG: CatalogEntry[] = [
  {
    name: 'Qwen2-Math-7B-Instruct',
    family: 'qwen2',
    paramsB: 7.62,
    roles: ['generator', 'solver'],
    note: 'ScaleQuest question generator base',
    tier: 'math',
  },
  {
    name: 'Qwen2-Math-1.5B-Instruct',
    family: 'qwen2',
    paramsB: 1.54,
    roles: ['generator', 'solver'],
    note: 'Small math generator',
    tier: 'math',
  },
  {
    name: 'Qwen2.5-Math-1.5B-Instruct',
    family: 'qwen2_5_math',
    paramsB: 1.54,
    roles: ['solver'],
    note: 'Small math solver',
    tier: 'math',
  },
  {
    name: 'DeepSeek-R1-Distill-Qwen-7B',
    family: 'deepseek_r1',
    paramsB: 7.62,
    roles: ['solver'],
    note: 'Long reasoning; slow but strong',
    tier: 'math',
  },
  {
    name: 'Qwen2.5-7B-Instruct',
    family: 'qwen2_5',
    paramsB: 7.62,
    roles: ['judge', 'solver', 'generator'],
    note: 'General judge',
    tier: 'math',
  },
  {
    name: 'Llama-3.1-8B-Instruct',
    family: 'llama3_1',
    paramsB: 8.03,
    roles: ['judge', 'generator'],
    note: 'General judge',
    tier: 'math',
  },
  {
    name: 'Mistral-7B-Instruct-v0.3',
    family: 'mistral',
    paramsB: 7.25,
    roles: ['judge'],
    note: 'General judge',
    tier: 'math',
  },
  {
    name: 'Phi-3.5-mini-instruct',
    family: 'phi3',
    paramsB: 3.82,
    roles: ['judge', 'generator'],
    note: 'General judge, strong at math for its size',
    tier: 'math',
  },
  {
    name: 'Llama-3.2-3B-Instruct',
    family: 'llama3_2',
    paramsB: 3.21,
    roles: ['generator', 'judge'],
    note: 'Quick try',
    tier: 'small',
  },
  {
    name: 'Llama-3.2-1B-Instruct',
    family: 'llama3_2',
    paramsB: 1.24,
    roles: ['generator'],
    note: 'Quick try, smallest Llama',
    tier: 'small',
  },
  {
    name: 'Qwen2.5-1.5B-Instruct',
    family: 'qwen2_5',
    paramsB: 1.54,
    roles: ['generator', 'judge', 'solver'],
    note: 'Quick try',
    tier: 'small',
  },
  {
    name: 'Qwen2.5-0.5B-Instruct',
    family: 'qwen2_5',
    paramsB: 0.49,
    roles: ['generator', 'judge'],
    note: 'Quick try, smallest Qwen',
    tier: 'small',
  },
  {
    name: 'SmolLM2-360M-Instruct',
    family: 'smollm2',
    paramsB: 0.36,
    roles: ['generator', 'judge'],
    note: 'Quick try',
    tier: 'small',
  },
  {
    name: 'SmolLM2-135M-Instruct',
    family: 'smollm2',
    paramsB: 0.135,
    roles: ['generator'],
    note: 'Smoke test only',
    tier: 'small',
  },
];

const BITS: Record<Quantization, number> = { q4f16_1: 4.5, q4f32_1: 5, q0f16: 16, q0f32: 32 };

/** Preferred builds: 4-bit first, f16 only where the GPU has shader-f16. */
export function quantizationOrder(shaderF16: boolean): Quantization[] {
  return shaderF16 ? ['q4f16_1', 'q4f32_1', 'q0f16', 'q0f32'] : ['q4f32_1', 'q0f32'];
}

export function estimateDownloadBytes(paramsB: number, q: Quantization): number {
  return Math.round(((paramsB * 1e9 * BITS[q]) / 8) * 1.05);
}

function needsF16(q: Quantization, record: ModelRecord): boolean {
  // q*f16 builds need shader-f16 even where the record omits required_features.
  return q.includes('f16') || (record.required_features ?? []).includes('shader-f16');
}

export function resolveCatalogModel(
  entry: CatalogEntry,
  shaderF16: boolean,
  records: readonly ModelRecord[],
): CatalogModel | undefined {
  for (const quantization of quantizationOrder(shaderF16)) {
    const modelId = `${entry.name}-${quantization}-MLC`;
    const record = records.find((r) => r.model_id === modelId);
    if (!record) continue;
    return {
      ...entry,
      modelId,
      quantization,
      record,
      vramMB: record.vram_required_MB,
      estimatedDownloadBytes: estimateDownloadBytes(entry.paramsB, quantization),
      needsShaderF16: needsF16(quantization, record),
    };
  }
  return undefined;
}

/** The catalog for this GPU; entries without a usable build are left out. */
export function buildCatalog(shaderF16: boolean, records: readonly ModelRecord[]): CatalogModel[] {
  return CATALOG.flatMap((e) => resolveCatalogModel(e, shaderF16, records) ?? []);
}
