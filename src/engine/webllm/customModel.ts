/**
 * Validates a user-supplied MLC model folder before it is stored: absolute URLs, a reachable
 * `mlc-chat-config.json` (at the URL WebLLM will use), and the fields WebLLM needs.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../../core/prompts/preQueryProfiles';
import {
  familyFromTemplateName,
  profileFromChatConfig,
} from '../../core/prompts/profileFromChatConfig';
import type { ChatConfigLike, DerivedProfile } from '../../core/prompts/profileFromChatConfig';
import { isAbsoluteHttpUrl, resolveModelBaseUrl } from './modelUrl';
import { checkModelLibrary, checkUrl } from './urlCheck';
import type { FetchLike } from './urlCheck';

export type { FetchLike } from './urlCheck';

export interface CustomModelInput {
  modelUrl: string;
  modelLibUrl: string;
  /** Defaults to the folder name. */
  modelId?: string;
  /** Used when the config names no known template. */
  fallbackFamily?: ModelFamily;
}

export interface ValidatedCustomModel {
  record: ModelRecord;
  family: ModelFamily;
  profile: DerivedProfile;
  configUrl: string;
  contextWindowSize?: number;
}

export type CustomModelValidation =
  | { ok: true; model: ValidatedCustomModel }
  | { ok: false; field: 'modelUrl' | 'modelLibUrl' | 'config'; message: string };

const REQUIRED_FIELDS = [
  'conv_template',
  'tokenizer_files',
  'vocab_size',
  'context_window_size',
] as const;

function guessFamily(text: string): ModelFamily | undefined {
  const t = text.toLowerCase();
  if (t.includes('r1-distill')) return 'deepseek_r1';
  if (t.includes('deepseek')) return 'deepseek';
  if (t.includes('qwen2.5-math')) return 'qwen2_5_math';
  if (t.includes('qwen2.5')) return 'qwen2_5';
  if (t.includes('qwen')) return 'qwen2';
  if (t.includes('llama-3.2') || t.includes('llama-3_2')) return 'llama3_2';
  if (t.includes('llama-3.1') || t.includes('llama-3_1')) return 'llama3_1';
  if (t.includes('llama-3') || t.includes('llama3')) return 'llama3';
  if (t.includes('phi-3')) return 'phi3';
  if (t.includes('mistral')) return 'mistral';
  if (t.includes('smollm')) return 'smollm2';
  return undefined;
}

function folderName(baseUrl: string): string {
  const parts = new URL(baseUrl).pathname.split('/').filter(Boolean);
  const resolveAt = parts.lastIndexOf('resolve');
  return (resolveAt > 0 ? parts[resolveAt - 1] : parts[parts.length - 1]) ?? 'custom-model';
}

async function fetchConfig(
  configUrl: string,
  fetchFn: FetchLike,
): Promise<{ json?: unknown; error?: string }> {
  const reached = await checkUrl(configUrl, 'mlc-chat-config.json', fetchFn);
  if (!reached.ok) {
    return {
      error:
        reached.cause === 'not_found'
          ? `No mlc-chat-config.json at ${configUrl} (404). Point to the folder that holds mlc-chat-config.json, tokenizer.json, tensor-cache.json and the weight shards.`
          : reached.message,
    };
  }
  const text = await reached.response.text();
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return {
      error: `${configUrl} is not JSON — this does not look like an MLC model folder (was it converted with mlc_llm gen_config?).`,
    };
  }
}

export async function validateCustomModel(
  input: CustomModelInput,
  fetchFn: FetchLike,
): Promise<CustomModelValidation> {
  if (!isAbsoluteHttpUrl(input.modelUrl)) {
    return {
      ok: false,
      field: 'modelUrl',
      message: 'The model URL must be absolute, starting with https:// or http://.',
    };
  }
  if (
    !isAbsoluteHttpUrl(input.modelLibUrl) ||
    !new URL(input.modelLibUrl).pathname.endsWith('.wasm')
  ) {
    return {
      ok: false,
      field: 'modelLibUrl',
      message: 'The model library must be an absolute URL of a .wasm file.',
    };
  }
  const baseUrl = resolveModelBaseUrl(input.modelUrl);
  const configUrl = new URL('mlc-chat-config.json', baseUrl).href;
  const { json, error } = await fetchConfig(configUrl, fetchFn);
  if (error !== undefined) return { ok: false, field: 'config', message: error };
  if (typeof json !== 'object' || json === null) {
    return {
      ok: false,
      field: 'config',
      message: `${configUrl} is not an MLC chat config object.`,
    };
  }
  const config = json as Record<string, unknown>;
  const missing = REQUIRED_FIELDS.filter((f) => !(f in config));
  if (missing.length > 0) {
    return {
      ok: false,
      field: 'config',
      message: `mlc-chat-config.json lacks ${missing.join(', ')} — it is not a complete MLC chat config.`,
    };
  }
  // The library is checked the way WebLLM will fetch it: reachable, readable here, WebAssembly.
  const library = await checkModelLibrary(input.modelLibUrl, fetchFn);
  if (!library.ok) return { ok: false, field: 'modelLibUrl', message: library.message };
  const template = config.conv_template as ChatConfigLike['conv_template'];
  const templateName = typeof template === 'string' ? template : template?.name;
  const modelId = input.modelId?.trim() || folderName(baseUrl);
  const family =
    familyFromTemplateName(templateName) ??
    guessFamily(`${modelId} ${input.modelUrl}`) ??
    input.fallbackFamily ??
    'qwen2';
  const record: ModelRecord = {
    model: input.modelUrl,
    model_id: modelId,
    model_lib: input.modelLibUrl,
  };
  if (/q\d+f16/.test(modelId) || /q\d+f16/.test(input.modelLibUrl))
    record.required_features = ['shader-f16'];
  const model: ValidatedCustomModel = {
    record,
    family,
    profile: profileFromChatConfig({ conv_template: template }, family),
    configUrl,
  };
  if (typeof config.context_window_size === 'number')
    model.contextWindowSize = config.context_window_size;
  return { ok: true, model };
}
