import {
  LLAMA31_MLC_TEMPLATE,
  QWEN2_MLC_TEMPLATE as qwen2Template,
} from '../../fixtures/mlcConvTemplates';
import { describe, expect, it } from 'vitest';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';
import { profileFromChatConfig } from '../../../src/core/prompts/profileFromChatConfig';

describe('pre-query profiles, byte for byte', () => {
  it('Qwen2 / Qwen2-Math: ChatML with the default system block', () => {
    expect(preQueryProfiles.qwen2.prefix).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n',
    );
    expect(preQueryProfiles.qwen2.stop).toEqual(['<|im_end|>', '<|im_start|>', '<|endoftext|>']);
  });

  it('Qwen2.5 and Qwen2.5-Math use their own default system messages', () => {
    expect(preQueryProfiles.qwen2_5.prefix).toBe(
      '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n',
    );
    expect(preQueryProfiles.qwen2_5_math.prefix).toBe(
      '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\n',
    );
  });

  it('DeepSeekMath: fullwidth bars U+FF5C and U+2581 blocks', () => {
    const p = preQueryProfiles.deepseek;
    expect(p.prefix).toBe('<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>User: ');
    expect([...p.prefix].map((c) => c.codePointAt(0))).toContain(0xff5c);
    expect(p.prefix).not.toContain('|');
    expect(p.stop).toEqual([
      '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>',
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
      '\n\nAssistant:',
    ]);
  });

  it('DeepSeek-R1-Distill: <｜User｜> header', () => {
    expect(preQueryProfiles.deepseek_r1.prefix).toBe(
      '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C><\uFF5CUser\uFF5C>',
    );
    expect(preQueryProfiles.deepseek_r1.stop).toEqual([
      '<\uFF5CAssistant\uFF5C>',
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
      '<\uFF5CUser\uFF5C>',
    ]);
  });

  it('Llama-3 writes <|begin_of_text|> itself (no BOS on raw completions)', () => {
    expect(preQueryProfiles.llama3.prefix).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n',
    );
    expect(preQueryProfiles.llama3.stop).toEqual(['<|eot_id|>', '<|end_of_text|>', '<|eom_id|>']);
  });

  it('Mistral and SmolLM2', () => {
    expect(preQueryProfiles.mistral.prefix).toBe('<s>[INST] ');
    expect(preQueryProfiles.mistral.stop).toEqual(['[/INST]', '</s>']);
    expect(preQueryProfiles.smollm2.prefix).toBe(
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\n',
    );
  });
});

describe('profileFromChatConfig', () => {
  it('renders the qwen2 template to the same prefix as the named profile', () => {
    const p = profileFromChatConfig({ conv_template: qwen2Template }, 'qwen2_5');
    expect(p.source).toBe('config');
    expect(p.family).toBe('qwen2');
    expect(p.prefix).toBe(preQueryProfiles.qwen2.prefix);
    expect(p.stop).toEqual(['<|endoftext|>', '<|im_end|>']);
  });

  it('renders DeepSeekMath with BOS from system_prefix_token_ids and an Assistant stop', () => {
    const p = profileFromChatConfig(
      {
        conv_template: {
          name: 'deepseek',
          system_template: '{system_message}',
          system_message: '',
          system_prefix_token_ids: [100000],
          roles: { user: 'User', assistant: 'Assistant' },
          seps: ['\n\n', '<\uFF5Cend\u2581of\u2581sentence\uFF5C>'],
          role_content_sep: ': ',
          role_empty_sep: ':',
          stop_str: ['<\uFF5Cend\u2581of\u2581sentence\uFF5C>'],
          stop_token_ids: [100001],
        },
      },
      'qwen2',
    );
    expect(p.family).toBe('deepseek');
    expect(p.prefix).toBe(preQueryProfiles.deepseek.prefix);
    expect(p.stop).toEqual(['<\uFF5Cend\u2581of\u2581sentence\uFF5C>', '\n\nAssistant:']);
  });

  it('renders Llama-3.1 with its default system block and BOS text', () => {
    const p = profileFromChatConfig(
      {
        conv_template: LLAMA31_MLC_TEMPLATE,
      },
      'qwen2',
    );
    expect(p.family).toBe('llama3_1');
    expect(p.prefix).toBe(
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful, respectful and honest assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n',
    );
    expect(p.stop).toEqual(['<|eot_id|>']);
    // Everything Explain shows about the template comes from the config itself.
    expect(p).toMatchObject({
      source: 'config',
      templateName: 'llama-3_1',
      systemMessage: 'You are a helpful, respectful and honest assistant.',
      stopTokenIds: [128001, 128008, 128009],
      roles: { user: '<|start_header_id|>user', assistant: '<|start_header_id|>assistant' },
    });
  });

  it('renders DeepSeek-R1-Distill-Qwen with an empty role separator', () => {
    const p = profileFromChatConfig(
      {
        conv_template: {
          name: 'deepseek_r1_qwen',
          system_template: '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>{system_message}',
          system_message: '',
          roles: { user: '<\uFF5CUser\uFF5C>', assistant: '<\uFF5CAssistant\uFF5C>' },
          seps: ['', '<\uFF5Cend\u2581of\u2581sentence\uFF5C>'],
          role_content_sep: '',
          role_empty_sep: '',
          stop_str: [],
          stop_token_ids: [151643],
        },
      },
      'qwen2',
    );
    expect(p.family).toBe('deepseek_r1');
    expect(p.prefix).toBe(preQueryProfiles.deepseek_r1.prefix);
    expect(p.stop).toEqual(['<\uFF5CAssistant\uFF5C>']);
  });

  it('falls back to the named family when there is no usable template', () => {
    expect(profileFromChatConfig(undefined, 'smollm2')).toEqual({
      ...preQueryProfiles.smollm2,
      source: 'family',
    });
    expect(profileFromChatConfig({ conv_template: 'chatml' }, 'qwen2').source).toBe('family');
    // An unknown BOS id cannot be rendered as text safely.
    const unknownBos = { ...qwen2Template, system_prefix_token_ids: [42] };
    expect(profileFromChatConfig({ conv_template: unknownBos }, 'llama3').prefix).toBe(
      preQueryProfiles.llama3.prefix,
    );
  });
});
