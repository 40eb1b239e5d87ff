import { describe, expect, it } from 'vitest';
import { RUN_PRESETS, presetConfig } from '../../../src/core/pipeline/presets';
import {
  defaultRunConfig,
  SOLVE_INSTRUCTION,
  validateRunConfig,
} from '../../../src/core/pipeline/runConfig';

describe('run presets', () => {
  it('"ScaleQuest (paper)" has the paper’s settings point by point', () => {
    const paper = presetConfig('scalequest-paper', { targetPairs: 7, seed: 3 });
    expect(RUN_PRESETS.find((p) => p.id === 'scalequest-paper')!.label).toBe('ScaleQuest (paper)');
    expect(paper.generation).toEqual({ temperature: 1.0, topP: 0.99, maxTokens: 1024 });
    expect(paper.languageMode).toBe('ascii');
    expect(paper.judge).toMatchObject({
      mode: 'reasoning',
      temperature: 0,
      maxTokens: 2048,
      lenientYes: false,
    });
    expect(paper.solve).toEqual({
      samples: 5,
      temperature: 0.7,
      topP: 0.95,
      maxTokens: 2048,
      instruction: SOLVE_INSTRUCTION,
      dropUnanswered: true,
    });
    expect(SOLVE_INSTRUCTION).toBe(
      'Please reason step by step, and put your final answer within \\boxed{}.',
    );
    // Best of 5 by score, not restricted to the majority answer.
    expect(paper.selection).toMatchObject({ preferMajority: false, scorer: 'local-judge' });
    expect(paper.dedup).toMatchObject({ exact: false, near: false });
    expect(paper.contamination).toMatchObject({ ngram: 13 });
    expect(paper).toMatchObject({ targetPairs: 7, seed: 3, preset: 'scalequest-paper' });
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
