// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import RunList from '../../src/ui/runs/RunList.svelte';
import { appContext } from '../../src/state/appContext';
import type { RunManager } from '../../src/state/runManager.svelte';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';

describe('app context', () => {
  it('hands a screen the state objects it reads', () => {
    const runs = { runs: [] } as unknown as RunManager;
    render(RunList, { context: appContext({ runs, endpoints: new EndpointSettings(undefined) }) });
    expect(screen.getByText(/No runs yet/)).toBeTruthy();
  });

  it('names the object a screen is missing', () => {
    const runs = { runs: [] } as unknown as RunManager;
    expect(() => render(RunList, { context: appContext({ runs }) })).toThrow(
      'The app context has no "endpoints" object.',
    );
  });
});
