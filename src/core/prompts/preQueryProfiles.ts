/**
 * Pre-query templates: the chat-template text that precedes a user message. Given only this
 * prefix as a raw completion, an instruct model writes a user question and stops at its
 * end-of-turn token (Magpie / ScaleQuest "question generation from scratch").
 *
 * Sources checked: the models' Hugging Face `chat_template`s and mlc-llm's conversation
 * templates (python/mlc_llm/conversation_template/*.py). A test renders each model's own
 * `chat_template` (test/fixtures/chatTemplates) and checks the prefix is exactly the opening
 * of its user turn.
 */

export type ModelFamily =
  | 'qwen2'
  | 'qwen2_5'
  | 'qwen2_5_math'
  | 'deepseek'
  | 'deepseek_r1'
  | 'llama3'
  | 'llama3_1'
  | 'llama3_2'
  | 'phi3'
  | 'mistral'
  | 'smollm2';

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
// DeepSeek special tokens use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581).
const DS_BOS = '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>';
const DS_EOS = '<\uFF5Cend\u2581of\u2581sentence\uFF5C>';
const DS_USER = '<\uFF5CUser\uFF5C>';
const DS_ASSISTANT = '<\uFF5CAssistant\uFF5C>';

const LLAMA3_STOPS = ['<|eot_id|>', '<|end_of_text|>', '<|eom_id|>'];
const LLAMA3_TOKENS = [
  '<|eot_id|>',
  '<|eom_id|>',
  '<|start_header_id|>',
  '<|end_header_id|>',
  '<|begin_of_text|>',
  '<|end_of_text|>',
];

/**
 * Llama 3.1 and 3.2 chat templates always open with a system block holding the knowledge
 * cutoff and a date; with no `date_string` (and, for 3.2, no `strftime_now` in the renderer)
 * the date is the templates' own default, 26 Jul 2024.
 */
const LLAMA31_SYSTEM =
  '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>';

function chatml(system: string): string {
  return `<|im_start|>system\n${system}<|im_end|>\n<|im_start|>user\n`;
}

export const preQueryProfiles: Record<ModelFamily, PreQueryProfile> = {
  qwen2: {
    family: 'qwen2',
    label: 'Qwen2 / Qwen2-Math (ChatML)',
    // Without the default system block Qwen tends to write fragments (Magpie issue #28).
    prefix: chatml('You are a helpful assistant.'),
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
  qwen2_5: {
    family: 'qwen2_5',
    label: 'Qwen2.5 Instruct (ChatML)',
    // Qwen2.5's chat_template inserts this system block when the caller gives none.
    prefix: chatml('You are Qwen, created by Alibaba Cloud. You are a helpful assistant.'),
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
  qwen2_5_math: {
    family: 'qwen2_5_math',
    label: 'Qwen2.5-Math Instruct (ChatML)',
    prefix: chatml('Please reason step by step, and put your final answer within \\boxed{}.'),
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
  deepseek: {
    family: 'deepseek',
    label: 'DeepSeekMath',
    prefix: `${DS_BOS}User: `,
    // The template follows a user turn with "\n\nAssistant:"; stop there too so a question
    // never runs on into an answer.
    stop: [DS_BOS, DS_EOS, '\n\nAssistant:'],
    templateTokens: [DS_BOS, DS_EOS, '\n\nAssistant:'],
  },
  deepseek_r1: {
    family: 'deepseek_r1',
    label: 'DeepSeek-R1-Distill',
    // HF chat_template: bos + (empty) system prompt + <｜User｜> + content + <｜Assistant｜>.
    prefix: `${DS_BOS}${DS_USER}`,
    stop: [DS_ASSISTANT, DS_EOS, DS_USER],
    templateTokens: [DS_BOS, DS_EOS, DS_USER, DS_ASSISTANT],
  },
  llama3: {
    family: 'llama3',
    label: 'Llama-3 Instruct',
    prefix: '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n',
    stop: LLAMA3_STOPS,
    templateTokens: LLAMA3_TOKENS,
  },
  llama3_1: {
    family: 'llama3_1',
    label: 'Llama-3.1 Instruct',
    prefix: `${LLAMA31_SYSTEM}<|start_header_id|>user<|end_header_id|>\n\n`,
    // 3.1 also ends turns with <|eom_id|> (token 128008).
    stop: LLAMA3_STOPS,
    templateTokens: LLAMA3_TOKENS,
  },
  llama3_2: {
    family: 'llama3_2',
    label: 'Llama-3.2 Instruct',
    prefix: `${LLAMA31_SYSTEM}<|start_header_id|>user<|end_header_id|>\n\n`,
    stop: LLAMA3_STOPS,
    templateTokens: LLAMA3_TOKENS,
  },
  phi3: {
    family: 'phi3',
    label: 'Phi-3 / Phi-3.5 Instruct',
    prefix: '<|user|>\n',
    stop: ['<|end|>', '<|endoftext|>', '<|assistant|>'],
    templateTokens: ['<|end|>', '<|endoftext|>', '<|assistant|>', '<|user|>', '<|system|>'],
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
    prefix: chatml('You are a helpful AI assistant named SmolLM, trained by Hugging Face'),
    stop: CHATML_STOPS,
    templateTokens: CHATML_STOPS,
  },
};
