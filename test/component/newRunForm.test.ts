// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import NewRunForm from '../../src/ui/runs/NewRunForm.svelte';
import { formContext } from '../support/newRunFormContext';
import type { NewRunForm as Form, RunManager } from '../../src/state/runManager.svelte';
import type { RoleChoices } from '../../src/state/stageChoices';
import type { RemoteAccess } from '../../src/core/runs/runBackends';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import { NO_MODEL } from '../../src/ui/runs/stageBackendWords';

// The designer keeps its design in localStorage; each test starts from the studio default.
beforeEach(() => localStorage.clear());

function fakeRuns() {
  const calls: { access: RemoteAccess; choices: RoleChoices }[] = [];
  const runs = {
    referenceSets: ['gsm8k-test'],
    createAndStart: (_form: Form, access: RemoteAccess, choices: RoleChoices) => {
      calls.push({ access, choices });
      return Promise.resolve([]);
    },
  } as unknown as RunManager;
  return { runs, calls };
}

const smol = { modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC', family: 'smollm2' as const };

describe('New run backends', () => {
  it('says once what to set up when no server or model can serve the run, never "valid"', () => {
    const endpoint = new EndpointSettings(undefined);
    render(NewRunForm, { context: formContext(fakeRuns().runs, endpoint) });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start run' }).disabled).toBe(
      true,
    );
    const summary = screen.getByRole('list', { name: 'Problems with this configuration' });
    expect(summary.textContent).toContain(NO_MODEL);
    expect(screen.getByTestId('no-model').textContent).toMatch(/No model to run on yet/);
    const text = document.body.textContent ?? '';
    expect(text.match(/No model/g)).toHaveLength(1);
    expect(text).not.toMatch(/valid\./);
  });

  it('starts a run with a local generator and a remote solver', async () => {
    const { runs, calls } = fakeRuns();
    const endpoint = new EndpointSettings(undefined);
    Object.assign(endpoint.endpoints[0]!, { model: 'Qwen2-Math', apiKey: 'sk-1234567890' });
    const groupId = endpoint.groups[0]!.id;
    render(NewRunForm, { context: formContext(runs, endpoint, [smol]) });
    await fireEvent.change(screen.getByLabelText(/^Generate questions/), {
      target: { value: `webllm:${smol.modelId}` },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.choices).toEqual({
      generate: { kind: 'webllm', ...smol },
      judge: { kind: 'remote', groupId },
      solve: { kind: 'remote', groupId },
      score: { kind: 'remote', groupId },
    });
    expect(calls[0]!.access.endpoints[0]).toMatchObject({
      model: 'Qwen2-Math',
      apiKey: 'sk-1234567890',
    });
  });
});
