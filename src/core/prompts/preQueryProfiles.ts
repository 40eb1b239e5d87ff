/**
 * Pre-query templates: the chat-template text that precedes a user message. Given only this
 * prefix as a raw completion, an instruct model writes a user question and stops at its
 * end-of-turn token (Magpie / ScaleQuest "question generation from scratch").
 */

export type ModelFamily = 'qwen2' | 'deepseek' | 'llama3' | 'mistral' | 'smollm2';

export interface PreQueryProfile {
  family: ModelFamily;
  label: string;
  /** Exact prompt text, special tokens included (raw completions add no BOS). */
  prefix: string;
  /** Strings that end the generated question. */
  stop: string[];
  /** Template tokens that must never appear inside a generated question. */
  templateTokens: string[];
}

const CHATML_STOPS = ['<|im_end|>', '<|im_start|>', '<|endoftext|>'];

export const preQueryProfiles: Record<ModelFamily, PreQueryProfile> = {
  qwen2: {
    family: 'qwen2',
    label: 'Qwen2 / Qwen2.5 (ChatML)',
    // Without the default system block Qwen2.5 tends to write fragments (Magpie issue #28).
    prefix: '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n',
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
  deepseek: {
    family: 'deepseek',
    label: 'DeepSeekMath',
    // Fullwidth bars (U+FF5C) and the lower one-eighth block (U+2581), as in the tokenizer.
    prefix: '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>User: ',
    stop: ['<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>', '<\uFF5Cend\u2581of\u2581sentence\uFF5C>'],
    templateTokens: [
      '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>',
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
      '\n\nAssistant:',
    ],
  },
  llama3: {
    family: 'llama3',
    label: 'Llama-3',
    prefix: '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n',
    stop: ['<|eot_id|>', '<|end_of_text|>'],
    templateTokens: ['<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', '<|begin_of_text|>'],
  },
  mistral: {
    family: 'mistral',
    label: 'Mistral Instruct',
    prefix: '<s>[INST] ',
    stop: ['[/INST]', '</s>'],
    templateTokens: ['[INST]', '[/INST]', '</s>', '<s>'],
  },
  smollm2: {
    family: 'smollm2',
    label: 'SmolLM2 (ChatML)',
    prefix:
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\n',
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
};
