import { describe, expect, it } from 'vitest';
import { generationProblem, generateQuestion } from '../../../src/core/pipeline/generateQuestion';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';
import { ScriptedEngine } from '../../support/scriptedEngine';

const qwen = preQueryProfiles.qwen2;

describe('generationProblem', () => {
  it('accepts a question that ended at a stop token', () => {
    expect(generationProblem('What is 2 + 2?', 'stop', qwen)).toBeNull();
  });
  it('rejects output cut off by max_tokens', () => {
    expect(generationProblem('What is the sum of', 'length', qwen)).toMatch(/max_tokens/);
  });
  it('rejects empty output', () => {
    expect(generationProblem('  \n', 'stop', qwen)).toBe('empty output');
  });
  it('rejects leaked template tokens', () => {
    expect(generationProblem('Q?<|im_start|>assistant', 'stop', qwen)).toMatch(/<\|im_start\|>/);
  });
});

describe('generateQuestion', () => {
  it('sends only the pre-query prefix as a raw completion with the profile stops and the seed', async () => {
    const engine = new ScriptedEngine(
      () => ({ text: '  How many legs do 3 spiders have?  ' }),
      () => [],
    );
    const out = await generateQuestion(
      engine,
      qwen,
      { temperature: 1, topP: 0.99, maxTokens: 1024 },
      41,
    );
    expect(engine.completeCalls).toHaveLength(1);
    const call = engine.completeCalls[0]!;
    expect(call.prompt).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n',
    );
    expect(call.stop).toEqual(qwen.stop);
    expect(call).toMatchObject({ seed: 41, temperature: 1, topP: 0.99, maxTokens: 1024, n: 1 });
    expect(engine.chatCalls).toHaveLength(0);
    expect(out.text).toBe('How many legs do 3 spiders have?');
    expect(out.verdict).toEqual({ stage: 'generate', pass: true });
    expect(out.trace).toMatchObject({ seed: 41, finishReason: 'stop', promptTokens: 10 });
  });
});
