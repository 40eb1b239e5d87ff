import { describe, expect, it } from 'vitest';
import { RUN_PRESETS, presetConfig } from '../../../src/core/pipeline/presets';
import { defaultRunConfig, SOLVE_INSTRUCTION } from '../../../src/core/pipeline/runConfig';
import { validateRunConfig } from '../../../src/core/pipeline/runConfigSchema';

describe('run presets', () => {
  it('"ScaleQuest (paper)" is the paper’s code, setting by setting', () => {
    const paper = presetConfig('scalequest-paper', { targetPairs: 7, seed: 3 });
    expect(RUN_PRESETS.find((p) => p.id === 'scalequest-paper')!.label).toBe('ScaleQuest (paper)');
    expect(paper.profile).toBe('qwen2');
    expect(paper.generation).toEqual({ temperature: 1.0, topP: 0.99, maxTokens: 1024 });
    // its code keeps every non-empty stripped continuation, cut off or not
    expect(paper.screen).toEqual({
      minChars: 1,
      maxChars: Number.MAX_SAFE_INTEGER,
      rejectMalformed: false,
    });
    expect(paper.languageMode).toBe('ascii');
    expect(paper.judge).toMatchObject({
      mode: 'reasoning',
      prompt: 'paper',
      lenientYes: true,
      temperature: 0,
      maxTokens: 2048,
    });
    expect(paper.solve).toEqual({
      samples: 5,
      temperature: 0.7,
      topP: 0.95,
      maxTokens: 2048,
      instruction: SOLVE_INSTRUCTION,
      dropUnanswered: true,
      answerFilter: 'paper-substrings',
      systemPrompt: 'You are a helpful assistant.',
    });
    expect(SOLVE_INSTRUCTION).toBe(
      'Please reason step by step, and put your final answer within \\boxed{}.',
    );
    // Best of 5 by the reward model, not restricted to the majority answer.
    expect(paper.selection).toMatchObject({ preferMajority: false, scorer: 'reward-model' });
    // No step its code does not have: dedup, contamination, a difficulty threshold.
    expect(paper.dedup).toMatchObject({ exact: false, near: false, maskNumbers: false });
    expect(paper.contamination.enabled).toBe(false);
    expect(paper.difficulty).toMatchObject({
      dropNoAgreement: false,
      dropUnanimous: 'never',
      rating: 'off',
    });
    expect(paper).toMatchObject({ targetPairs: 7, seed: 3, preset: 'scalequest-paper' });
  });

  it('the studio default keeps its better rules', () => {
    const studio = defaultRunConfig();
    expect(studio.screen.rejectMalformed).toBe(true);
    expect(studio.judge).toMatchObject({ prompt: 'studio', lenientYes: false });
    expect(studio.solve).toMatchObject({ answerFilter: 'stated-answer', systemPrompt: '' });
    expect(studio.languageMode).toBe('english');
    expect(studio.dedup).toMatchObject({ exact: true, near: true });
  });

  it('"Quick local" is small: fast judge, 3 samples, short limits', () => {
    const quick = presetConfig('quick-local');
    expect(quick.judge.mode).toBe('fast');
    expect(quick.solve.samples).toBe(3);
    expect(quick.generation.maxTokens).toBe(256);
    expect(quick.solve.maxTokens).toBe(512);
    expect(quick.concurrency).toBe(1);
  });

  it('every preset is valid, plain data that survives JSON', () => {
    for (const preset of RUN_PRESETS) {
      const config = preset.config();
      expect(validateRunConfig(config), preset.id).toEqual([]);
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
      expect(config.preset).toBe(preset.id);
    }
    expect(presetConfig('studio-default')).toEqual(defaultRunConfig());
    expect(() => presetConfig('nope')).toThrow(/Unknown preset/);
  });
});
