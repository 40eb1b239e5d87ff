// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import RunDashboard from '../../src/ui/dashboard/RunDashboard.svelte';
import RunDetail from '../../src/ui/runs/RunDetail.svelte';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import type { RunRow } from '../../src/core/runs/runRow';
import type { RunManager } from '../../src/state/runManager.svelte';
import type { ModelManager } from '../../src/state/modelManager.svelte';
import { appContext } from '../../src/state/appContext';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import { CUT_OFF_MESSAGE } from '../../src/services/resumeOnOpen';
import { localBackends } from '../support/backends';
import '../support/chartDomStubs';

const MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

const interrupted: RunRow = {
  id: 'r',
  name: 'Local run',
  createdAt: 0,
  updatedAt: 0,
  status: 'interrupted',
  error: CUT_OFF_MESSAGE,
  config: defaultRunConfig({ targetPairs: 4 }),
  backends: localBackends(MODEL),
  progress: { attempts: 2, kept: 1, rejected: {}, promptTokens: 10, completionTokens: 20 },
  appVersion: 't',
};

function runsWith(missing: string[], waiting?: string): RunManager {
  return {
    runQuestions: [],
    selectedEvents: [],
    missingLocalModels: () => missing,
    waitingFor: () => waiting,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    end: () => Promise.resolve(),
  } as unknown as RunManager;
}

function dashboard(runs: RunManager) {
  const models = { liveTokensPerS: () => null } as unknown as ModelManager;
  render(RunDashboard, {
    props: { run: interrupted },
    context: appContext({ runs, endpoints: new EndpointSettings(undefined), models }),
  });
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('run messages', () => {
  it('say "load the model" once, and only while it is not loaded', () => {
    dashboard(runsWith([MODEL]));
    const alert = screen.getByTestId('run-error').textContent ?? '';
    expect(alert).toContain(CUT_OFF_MESSAGE);
    expect(count(alert, `Load ${MODEL}`)).toBe(1);
    expect(count(alert.toLowerCase(), 'then resume')).toBe(0);
    expect(screen.getByRole('button', { name: `Load ${MODEL} and resume` })).toBeTruthy();
  });

  it('drop the hint once the model is loaded', () => {
    dashboard(runsWith([]));
    const alert = screen.getByTestId('run-error').textContent ?? '';
    expect(alert).not.toContain('Load ');
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
  });

  it('say what a resume waits for instead of offering it again', () => {
    dashboard(runsWith([MODEL], MODEL));
    expect(screen.getByTestId('waiting-for-model').textContent).toBe(
      `Waiting for ${MODEL} to load…`,
    );
    expect(screen.queryByRole('button', { name: /resume/i })).toBeNull();
  });

  it('name the attempt on the model, and the others waiting', () => {
    render(RunDetail, {
      props: {
        run: { ...interrupted, status: 'running' },
        questions: [],
        inFlight: {
          index: 0,
          text: 'What is 2 + 3?',
          stages: { generate: { status: 'running' } },
          generating: true,
          alsoInFlight: [1, 2],
        },
      },
    });
    expect(screen.getByTestId('live-title').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Question 1 (on the model now)',
    );
    expect(screen.getByTestId('also-in-flight').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Also started: questions 2, 3 (waiting their turn).',
    );
  });
});
