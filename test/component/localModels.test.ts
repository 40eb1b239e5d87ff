// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import LocalModels from '../../src/ui/models/LocalModels.svelte';
import { appContext } from '../../src/state/appContext';
import StorageStatusView from '../../src/ui/storage/StorageStatus.svelte';
import { StorageStatus } from '../../src/state/storageStatus.svelte';
import { createModelManager } from '../../src/state/modelManager.svelte';
import { makeHarness, SMALL_MODEL } from '../support/webLlmHarness';
import type { ScriptedOptions } from '../support/scriptedMlcEngine';
import { modelFetch } from '../support/modelFetch';

const hostile = 'Fetching param cache[1/10]: 5MB fetched. <img src=x onerror="window.__pwned=1">';

let usage = 1024 ** 3;
let persisted = false;
const navigator = {
  gpu: {
    requestAdapter: () =>
      Promise.resolve({
        features: new Set<string>(),
        limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
  },
  storage: {
    estimate: () => Promise.resolve({ usage, quota: 50 * 1024 ** 3 }),
    persisted: () => Promise.resolve(persisted),
    persist: () => Promise.resolve((persisted = true)),
  },
};

async function setup(options: ScriptedOptions = {}, fetchStatus = 404) {
  usage = 1024 ** 3;
  persisted = false;
  const h = makeHarness(options);
  const storage = new StorageStatus(navigator.storage);
  await storage.refresh();
  storage.persisted = false; // as when the browser declined the request made at start
  const models = createModelManager({
    storage,
    navigator,
    startWorker: () => ({ client: h.api }),
    fetch: modelFetch({}, { status: fetchStatus }),
  });
  await models.init();
  const view = render(LocalModels, { context: appContext({ models, storage }) });
  return { ...h, models, view, storage };
}

describe('Local models section', () => {
  it('shows the same storage figures as Settings, updated at once after a delete', async () => {
    const { models, storage } = await setup();
    render(StorageStatusView, { context: appContext({ storage }) });
    await models.load(SMALL_MODEL);
    const fromModels = () => screen.getByTestId('cap-storage').textContent ?? '';
    const fromSettings = () => screen.getByTestId('storage-status').textContent ?? '';
    const used = (text: string) => /([\d.]+ [KMG]?B)/.exec(text)?.[1];
    await waitFor(() => expect(used(fromModels())).toBe('1.0 GB'));
    expect(used(fromSettings())).toBe(used(fromModels()));
    usage = 300 * 1024 ** 2; // the delete frees space
    await models.deleteCached(SMALL_MODEL);
    await waitFor(() => expect(used(fromModels())).toBe('300.0 MB'));
    expect(used(fromSettings())).toBe('300.0 MB');
    const row = document.querySelector(`tr[data-model-id="${SMALL_MODEL}"]`) as HTMLElement;
    expect(row.textContent).toContain('Not cached');
  });

  it('says why a tiny unquantized model downloads more than a bigger 4-bit one', async () => {
    await setup();
    const row = (id: string) => document.querySelector(`tr[data-model-id="${id}"]`) as HTMLElement;
    const tiny = row('SmolLM2-135M-Instruct-q0f32-MLC');
    const bigger = row('SmolLM2-360M-Instruct-q4f32_1-MLC');
    expect(within(tiny).getByTestId('quantization').textContent?.trim()).toBe(
      'q0f32: unquantized, 4 bytes per weight',
    );
    expect(within(bigger).getByTestId('quantization').textContent?.trim()).toBe(
      'q4f32_1: 4-bit weights',
    );
    expect(within(tiny).getByTestId('size-note').textContent).toContain(
      'each of its 135M weights takes 4 bytes instead of about 0.6',
    );
    expect(within(bigger).queryByTestId('size-note')).toBeNull();
  });

  it('reports the software adapter, guidance and storage, and requests persistence', async () => {
    await setup();
    expect(screen.getByTestId('cap-webgpu').textContent).toBe('Available');
    expect(screen.getByTestId('cap-adapter').textContent).toBe(
      'google · swiftshader (software adapter)',
    );
    expect(screen.getByTestId('cap-f16').textContent).toContain('No (q4f32 builds)');
    expect(screen.getByTestId('cap-storage').textContent).toContain('1.0 GB used of 50.0 GB');
    expect(screen.getByRole('list', { name: 'Guidance' }).textContent).toContain('1000×');
    await fireEvent.click(screen.getByRole('button', { name: 'Request persistent storage' }));
    await waitFor(() =>
      expect(screen.getByTestId('cap-storage').textContent).toMatch(/·\s+persistent/),
    );
  });

  it('shows phase progress as text, cancels, then loads and shows stats', async () => {
    const { mlc, models } = await setup({
      loadReports: [{ progress: 0.5, timeElapsed: 1, text: hostile }],
    });
    mlc.holdLoad = true;
    const row = document.querySelector(`tr[data-model-id="${SMALL_MODEL}"]`) as HTMLElement;
    await fireEvent.click(within(row).getByRole('button', { name: `Load ${SMALL_MODEL}` }));
    const progress = await screen.findByRole('group', { name: /Downloading weights/ });
    expect(progress.textContent).toContain('50% of this phase');
    expect(progress.textContent).toContain('step 1 of 10');
    expect(progress.textContent).toContain('5.0 MB');
    expect(progress.textContent).toContain('onerror');
    expect(document.querySelector('img')).toBeNull();
    await fireEvent.click(within(progress).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(models.loadState).toBe('idle'));
    expect(screen.queryByRole('group', { name: /Downloading weights/ })).toBeNull();
    expect(screen.getByTestId('model-notice').textContent).toContain(
      `Loading ${SMALL_MODEL} was cancelled.`,
    );

    mlc.holdLoad = false;
    await fireEvent.click(within(row).getByRole('button', { name: `Load ${SMALL_MODEL}` }));
    await waitFor(() =>
      expect(within(row).getByRole('button', { name: `Unload ${SMALL_MODEL}` })).toBeTruthy(),
    );
    expect(screen.getByTestId('model-stats').textContent).toContain(SMALL_MODEL);
    expect(screen.getByTestId('model-stats').textContent).toContain('idle');
    expect(screen.getByTestId('model-stats').textContent).toMatch(/Loaded in \d/);
  });

  it('offers delete and retry after a quota error', async () => {
    const { mlc, models } = await setup();
    mlc.loadErrors.push(
      Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' }),
    );
    await models.load(SMALL_MODEL);
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-error-code')).toBe('quota');
    expect(alert.textContent).toContain('delete cached models');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Delete and retry' }));
    await waitFor(() => expect(models.loadState).toBe('ready'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts a custom model error next to the failing field', async () => {
    await setup();
    await fireEvent.input(screen.getByLabelText('Model folder URL'), {
      target: { value: 'http://127.0.0.1:9/nothing/' },
    });
    await fireEvent.input(screen.getByLabelText('Model library URL (.wasm)'), {
      target: { value: 'http://127.0.0.1:9/nothing/lib.wasm' },
    });
    await fireEvent.submit(screen.getByRole('button', { name: 'Add model' }).closest('form')!);
    const input = screen.getByLabelText('Model folder URL');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById(input.getAttribute('aria-describedby')!);
    expect(error?.textContent).toMatch(
      /^No mlc-chat-config.json at http:\/\/127.0.0.1:9\/nothing\/resolve\/main\/mlc-chat-config.json \(404\)/,
    );
    expect(screen.queryByRole('list', { name: 'Custom models' })).toBeNull();
  });
});
