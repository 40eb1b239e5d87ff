// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import RunProblem from '../../src/ui/runs/RunProblem.svelte';
import Notices from '../../src/ui/shell/Notices.svelte';
import { SHORT_PROBLEM_CHARS } from '../../src/ui/runs/runProblem';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import type { RunRow } from '../../src/core/runs/runRow';
import { StorageStatus } from '../../src/state/storageStatus.svelte';
import type { RunManager } from '../../src/state/runManager.svelte';
import { appContext } from '../../src/state/appContext';
import { remoteBackends } from '../support/backends';

function failedRun(error: string, errorCode: RunRow['errorCode']): RunRow {
  return {
    id: 'r',
    name: 'Night run',
    createdAt: 0,
    updatedAt: 0,
    status: errorCode === 'quota' ? 'paused' : 'failed',
    config: defaultRunConfig({ targetPairs: 4 }),
    backends: remoteBackends('http://x', 'm'),
    progress: { attempts: 0, kept: 0, rejected: {}, promptTokens: 0, completionTokens: 0 },
    appVersion: 't',
    error,
    errorCode,
  };
}

describe("a run's problem", () => {
  it('folds a long failure (a server error page) after a readable start, with what to do', () => {
    const page = `502 Bad Gateway <html>${'<p>upstream connect error</p>'.repeat(100)}</html>`;
    const { container } = render(RunProblem, { run: failedRun(page, 'server') });
    const summary = container.querySelector('summary')!;
    expect(summary.textContent).toBe(`Failed: ${page.slice(0, SHORT_PROBLEM_CHARS)}…`);
    // The whole message is there, as text, for whoever opens it.
    expect(container.querySelector('details .full')!.textContent).toBe(page);
    expect(screen.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/settings');
    expect(container.querySelector('[data-error-code="server"]')).not.toBeNull();
  });

  it('says a storage-full pause in words, with what to delete and Resume', () => {
    const { container } = render(RunProblem, {
      run: failedRun('Browser storage for the studio is full…', 'quota'),
    });
    expect(container.textContent).toContain('Paused: browser storage is full.');
    expect(container.textContent).toContain('Runs → Delete');
    expect(container.textContent).toContain('Then press Resume.');
  });
});

describe('page-wide notices', () => {
  it('storage full: dismissible, gone by itself once a write goes through, back when full again', async () => {
    let room = false;
    const storage = new StorageStatus(undefined, {
      probe: () => Promise.resolve(room),
      probeEveryMs: 5,
    });
    const runs = { notices: [], dismiss: vi.fn() } as unknown as RunManager;
    const { container } = render(Notices, { context: appContext({ runs, storage }) });
    expect(container.querySelector('[data-notice]')).toBeNull();

    storage.markFull();
    await waitFor(() =>
      expect(container.querySelector('[data-notice="storage-full"]')).not.toBeNull(),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss the storage notice' }));
    await waitFor(() => expect(container.querySelector('[data-notice="storage-full"]')).toBeNull());
    expect(storage.full).toBe(true);

    room = true;
    await waitFor(() => expect(storage.full).toBe(false));
    // Full again later: the notice is back (a dismissal is for one episode only), then gone again.
    room = false;
    storage.markFull();
    await waitFor(() =>
      expect(container.querySelector('[data-notice="storage-full"]')).not.toBeNull(),
    );
    room = true;
    await waitFor(() => expect(container.querySelector('[data-notice="storage-full"]')).toBeNull());
    storage.dispose();
  });

  it("the page's own problems can be dismissed", async () => {
    const dismiss = vi.fn();
    const runs = {
      notices: [{ id: 'worker', message: 'The pipeline worker stopped: out of memory' }],
      dismiss,
    } as unknown as RunManager;
    render(Notices, { context: appContext({ runs, storage: new StorageStatus(undefined) }) });
    expect(screen.getByRole('alert').textContent).toContain('The pipeline worker stopped');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss this notice' }));
    expect(dismiss).toHaveBeenCalledWith('worker');
  });
});
