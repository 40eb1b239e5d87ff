// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import NewRunForm from '../../src/ui/runs/NewRunForm.svelte';
import type {
  BackendChoice,
  NewRunForm as Form,
  RunManager,
} from '../../src/state/runManager.svelte';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';

function fakeRuns() {
  const calls: BackendChoice[] = [];
  const runs = {
    createAndStart: (_form: Form, _endpoint: unknown, choice: BackendChoice) => {
      calls.push(choice);
      return Promise.resolve([]);
    },
  } as unknown as RunManager;
  return { runs, calls };
}

const endpoint = () => new EndpointSettings(undefined);

describe('New run backend choice', () => {
  it('offers the local model only once one is loaded', () => {
    render(NewRunForm, { props: { runs: fakeRuns().runs, endpoint: endpoint() } });
    const local = screen.getByLabelText<HTMLInputElement>(/Local WebGPU model: none loaded/);
    expect(local.disabled).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Remote server').checked).toBe(true);
  });

  it('starts a local run with the loaded model and its family', async () => {
    const { runs, calls } = fakeRuns();
    const localModel = { modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC', family: 'smollm2' as const };
    render(NewRunForm, { props: { runs, endpoint: endpoint(), localModel } });
    await fireEvent.click(
      screen.getByLabelText('Local WebGPU model: SmolLM2-360M-Instruct-q4f32_1-MLC'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(calls).toEqual([{ kind: 'webllm', ...localModel }]));
  });
});
