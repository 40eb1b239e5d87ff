// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import StageBackends from '../../src/ui/runs/StageBackends.svelte';
import { StageAssignment, stageOptions } from '../../src/state/stageAssignment.svelte';

const groups = [{ id: 'g1', name: 'Math box', model: 'Qwen2-Math-7B', endpoints: 2 }];
const localModels = [{ modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC', family: 'smollm2' as const }];

describe('StageBackends', () => {
  it('labels a picker per role and defaults every role to the first remote group', () => {
    const assignment = new StageAssignment();
    render(StageBackends, { props: { assignment, groups, localModels } });
    for (const label of [
      'Generate questions',
      'Judge (solvability, difficulty)',
      'Solve',
      'Score solutions',
    ]) {
      const select = screen.getByLabelText<HTMLSelectElement>(
        new RegExp(`^${label.replace(/[()]/g, '\\$&')}`),
      );
      expect(select.value).toBe('remote:g1');
      expect([...select.options].map((o) => o.text)).toEqual([
        'Remote · Math box (Qwen2-Math-7B, 2 endpoints)',
        'Local WebGPU · SmolLM2-360M-Instruct-q4f32_1-MLC',
      ]);
    }
    expect(assignment.choices(stageOptions(groups, localModels))?.solve).toEqual({
      kind: 'remote',
      groupId: 'g1',
    });
  });

  it('gives one role the local model and can set all roles at once', async () => {
    const assignment = new StageAssignment();
    render(StageBackends, { props: { assignment, groups, localModels } });
    const options = stageOptions(groups, localModels);
    await fireEvent.change(screen.getByLabelText(/^Generate questions/), {
      target: { value: 'webllm:SmolLM2-360M-Instruct-q4f32_1-MLC' },
    });
    expect(assignment.choices(options)).toEqual({
      generate: { kind: 'webllm', modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC', family: 'smollm2' },
      judge: { kind: 'remote', groupId: 'g1' },
      solve: { kind: 'remote', groupId: 'g1' },
      score: { kind: 'remote', groupId: 'g1' },
    });
    await fireEvent.change(screen.getByLabelText(/^Every role/), {
      target: { value: 'webllm:SmolLM2-360M-Instruct-q4f32_1-MLC' },
    });
    expect(new Set(Object.values(assignment.keys))).toEqual(
      new Set(['webllm:SmolLM2-360M-Instruct-q4f32_1-MLC']),
    );
    expect(screen.getByLabelText<HTMLSelectElement>(/^Solve/).value).toBe(
      'webllm:SmolLM2-360M-Instruct-q4f32_1-MLC',
    );
  });

  it('says what to set up when nothing can serve a run', () => {
    render(StageBackends, {
      props: { assignment: new StageAssignment(), groups: [], localModels: [] },
    });
    expect(screen.getByText(/No model to run on yet/)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
