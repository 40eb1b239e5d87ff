// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import NewRunForm from '../../src/ui/runs/NewRunForm.svelte';
import { formContext } from '../support/newRunFormContext';
import type { NewRunInput, RunManager } from '../../src/state/runManager.svelte';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import { DESIGNER_GROUPS } from '../../src/ui/designer/designerFields';
import { defaultRunConfig, type RunConfig } from '../../src/core/pipeline/runConfig';
import { getAt } from '../../src/ui/designer/configPath';

const BUILT_IN = ['gsm8k-test', 'math500-test', 'olympiadbench-test'];

// The designer keeps its design in localStorage; each test starts from the studio default.
beforeEach(() => localStorage.clear());

function fakeRuns(referenceSets = BUILT_IN) {
  const inputs: NewRunInput[] = [];
  const runs = {
    referenceSets,
    createAndStart: (input: NewRunInput) => {
      inputs.push(input);
      return Promise.resolve([]);
    },
  } as unknown as RunManager;
  return { runs, inputs };
}

const setup = (referenceSets = BUILT_IN) => {
  const fake = fakeRuns(referenceSets);
  const endpoint = new EndpointSettings(undefined);
  // A usable server, so Start reaches createAndStart.
  Object.assign(endpoint.endpoints[0]!, { model: 'Qwen2-Math' });
  render(NewRunForm, { context: formContext(fake.runs, endpoint) });
  return fake;
};

/** The text an element's aria-describedby points at. */
function description(element: HTMLElement): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/** Every leaf of a config, as dotted paths. */
function leaves(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('Pipeline designer', () => {
  it('has a field for every RunConfig setting except the preset id', () => {
    const fields = new Set(DESIGNER_GROUPS.flatMap((g) => g.fields.map((f) => f.path)));
    const missing = leaves(defaultRunConfig()).filter((p) => p !== 'preset' && !fields.has(p));
    expect(missing).toEqual([]);
    for (const path of fields) expect(getAt(defaultRunConfig(), path), path).not.toBeUndefined();
  });

  it('explains each setting with the paper value, grouped by stage in flow order', () => {
    setup();
    const groups = screen.getAllByRole('group').map((g) => g.querySelector('legend')?.textContent);
    expect(groups.filter(Boolean).slice(1, 4)).toEqual(['Run', '1 · Generate', '2 · Language']);
    const samples = screen.getByLabelText('Solutions per question');
    expect(samples.getAttribute('aria-describedby')).toBeTruthy();
    expect(description(screen.getByLabelText('Solutions per question'))).toMatch(
      /more samples give a firmer majority.*Paper: 5/,
    );
    expect(description(screen.getByLabelText('Language filter'))).toMatch(
      /Paper: Pure ASCII \(paper\)/,
    );
  });

  it('shows the studio default and what the paper’s code does side by side, consistently', () => {
    setup();
    const values = (label: string) => description(screen.getByLabelText(label));
    expect(values('Keep when "yes" appears anywhere')).toMatch(/Studio default: off\s*Paper: on/);
    expect(values('Scorer')).toMatch(
      /Studio default: Off \(shortest wins ties\)\s*Paper: Reward model/,
    );
    expect(values('Judge prompt')).toMatch(/Paper: The paper’s, verbatim/);
    expect(values('What counts as stating an answer')).toMatch(
      /Studio default: An explicit final answer\s*Paper: One of three substrings/,
    );
    expect(values('Solver system message')).toMatch(
      /Studio default: none\s*Paper: You are a helpful assistant\./,
    );
    expect(values('Reject cut-off or template-leaking output')).toMatch(
      /Studio default: on\s*Paper: off/,
    );
    // No hint calls something "the paper's" while its Paper: value says otherwise
    for (const field of DESIGNER_GROUPS.flatMap((g) => g.fields)) {
      if (/the paper’s (?:lenient )?rule/i.test(field.help))
        expect(field.paperNote).toBeUndefined();
    }
  });

  it('shows an impossible combination next to its fields and blocks the start', async () => {
    setup();
    const samples = screen.getByLabelText<HTMLInputElement>('Solutions per question');
    await fireEvent.input(samples, { target: { value: '1' } });
    const message =
      'A difficulty band needs at least 2 solutions per question (agreement needs two answers).';
    expect(samples.getAttribute('aria-invalid')).toBe('true');
    expect(description(samples)).toContain(message);
    expect(
      screen.getByLabelText('Drop when no two solutions agree').getAttribute('aria-invalid'),
    ).toBe('true');
    const summary = screen.getByRole('list', { name: 'Problems with this configuration' });
    expect(within(summary).getByText(message)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start run' }).disabled).toBe(
      true,
    );

    // Turning the band off resolves it.
    await fireEvent.click(screen.getByLabelText('Drop when no two solutions agree'));
    expect(screen.queryByRole('list', { name: 'Problems with this configuration' })).toBeNull();
    expect(screen.getByText('This configuration is valid.')).toBeTruthy();
  });

  it('flags a rating rule without a rating, and an emptied number box', async () => {
    setup();
    await fireEvent.change(screen.getByLabelText('Drop unanimous questions'), {
      target: { value: 'if-rated-easy' },
    });
    expect(description(screen.getByLabelText('Difficulty rating'))).toMatch(
      /Dropping questions rated easy needs the difficulty rating turned on/,
    );
    await fireEvent.input(screen.getByLabelText('Generation temperature'), {
      target: { value: '' },
    });
    expect(screen.getByLabelText('Generation temperature').getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it('applies a preset and starts the run with the full config', async () => {
    const { inputs } = setup();
    await fireEvent.change(screen.getByLabelText('Preset'), {
      target: { value: 'scalequest-paper' },
    });
    expect(screen.getByLabelText<HTMLInputElement>('Solutions per question').value).toBe('5');
    await fireEvent.input(screen.getByLabelText('Questions to keep'), { target: { value: '40' } });
    // Attempts follow the target while they keep the default allowance.
    expect(screen.getByLabelText<HTMLInputElement>('Allowed attempts').value).toBe('160');
    await fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(inputs).toHaveLength(1));
    const config = (inputs[0] as { config: RunConfig }).config;
    expect(config.preset).toBe('scalequest-paper');
    expect(config.targetPairs).toBe(40);
    expect(config.languageMode).toBe('ascii');
    expect(config.selection.scorer).toBe('reward-model');
    expect(config.judge).toMatchObject({ prompt: 'paper', lenientYes: true });
  });

  it('names the reference sets, and warns before a start when a stage cannot run', async () => {
    setup();
    expect(screen.getByTestId('reference-sets').textContent).toBe(
      'Checked against: gsm8k-test, math500-test, olympiadbench-test.',
    );
    expect(screen.getByText('This configuration is valid.')).toBeTruthy();
    document.body.innerHTML = '';

    setup([]);
    expect(screen.getByTestId('reference-sets').textContent).toBe('No reference set is available.');
    const list = screen.getByRole('list', { name: 'Stages that cannot run as set' });
    expect(list.textContent).toMatch(/Contamination is on, but no reference set is available/);
    // A warning, not a block: the person may still start (the check is then recorded as skipped).
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start run' }).disabled).toBe(
      false,
    );
    await fireEvent.click(screen.getByLabelText('Check contamination'));
    await waitFor(() => expect(screen.getByText('This configuration is valid.')).toBeTruthy());
  });
});
