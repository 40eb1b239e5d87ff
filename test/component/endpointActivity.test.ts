// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import EndpointActivity from '../../src/ui/runs/EndpointActivity.svelte';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import type { RunRow } from '../../src/core/runs/runRow';
import type { EndpointActivity as Activity } from '../../src/state/runManager.svelte';
import type { EndpointStats } from '../../src/engine/remote/poolEndpoint';
import { remoteBackends } from '../support/backends';

const endpoint = (index: number, state: EndpointStats['state'], limit: number): EndpointStats => ({
  index,
  label: `gpu-${index}`,
  model: 'm',
  state,
  inFlight: 2,
  limit,
  completed: 10,
  failed: 1,
  tokensPerS: 120,
  requestsPerS: 1,
  errorRate: 0.1,
  idleDeadlineMs: 10_000,
});

const runWith = (status: RunRow['status']): RunRow => ({
  id: 'r',
  name: 'Remote run',
  createdAt: 0,
  updatedAt: 0,
  status,
  config: { ...defaultRunConfig({ targetPairs: 40 }), concurrency: 6 },
  backends: remoteBackends('http://x', 'm'),
  progress: { attempts: 12, kept: 5, rejected: {}, promptTokens: 0, completionTokens: 0 },
  appVersion: 't',
});

const activity: Activity = {
  runId: 'r',
  startedAt: 0,
  keptAtStart: 0,
  pools: [
    {
      key: 'g',
      name: 'Lab servers',
      roles: ['generate', 'solve'],
      queued: 3,
      endpoints: [endpoint(0, 'closed', 16), endpoint(1, 'half-open', 1), endpoint(2, 'open', 2)],
    },
  ],
};

describe('EndpointActivity', () => {
  it('says the limit is adaptive and names the configured cap; breaker states in plain words', () => {
    render(EndpointActivity, {
      props: {
        run: runWith('running'),
        activity,
        eta: { kind: 'eta', seconds: 75, until: 'target' },
      },
    });
    expect(screen.getByRole('columnheader', { name: 'Limit now (adaptive)' })).toBeTruthy();
    const explained = (screen.getByTestId('limit-explained').textContent ?? '').replace(
      /\s+/g,
      ' ',
    );
    expect(explained).toContain('adaptive limit, not a setting');
    expect(explained).toContain('at most 6 requests at once');
    const text = document.body.textContent ?? '';
    expect(text).toContain('ETA ≈ 1 min 15 s');
    for (const word of ['healthy', 'trying again', 'resting after failures'])
      expect(text).toContain(word);
    expect(text).not.toMatch(/half-open|closed\b|\bopen\b/);
  });

  it('shows no ETA and nothing in flight once the run is paused', () => {
    render(EndpointActivity, {
      props: {
        run: runWith('paused'),
        activity,
        eta: { kind: 'not-running', status: 'paused' },
      },
    });
    const text = document.body.textContent ?? '';
    expect(text).toContain('Last figures of the run (paused); nothing is in flight.');
    expect(text).not.toContain('ETA');
    expect(text).not.toContain('≈');
    const rows = screen.getAllByRole('row').slice(1);
    for (const row of rows) expect(row.querySelectorAll('td')[1]!.textContent).toBe('0');
  });
});
