// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import StartScreen from '../../src/ui/start/StartScreen.svelte';
import { createModelManager } from '../../src/state/modelManager.svelte';
import { StorageStatus } from '../../src/state/storageStatus.svelte';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import type { RunManager } from '../../src/state/runManager.svelte';
import { appContext } from '../../src/state/appContext';
import { makeHarness, SMALL_MODEL } from '../support/webLlmHarness';
import { modelFetch, type FetchRoute } from '../support/modelFetch';

function navigatorWith(architecture: string) {
  return {
    gpu: {
      requestAdapter: () =>
        Promise.resolve({
          features: new Set<string>(),
          limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
          info: { vendor: 'google', architecture },
        }),
    },
    storage: {
      estimate: () => Promise.resolve({ usage: 0, quota: 50 * 1024 ** 3 }),
      persisted: () => Promise.resolve(true),
    },
  };
}

async function setup(architecture = 'swiftshader', routes: Record<string, FetchRoute> = {}) {
  const h = makeHarness();
  const navigator = navigatorWith(architecture);
  const storage = new StorageStatus(navigator.storage);
  await storage.refresh();
  const models = createModelManager({
    navigator,
    startWorker: () => ({ client: h.api }),
    fetch: modelFetch(routes),
    storage,
  });
  await models.init();
  const started: string[] = [];
  const runs = {
    createAndStart: (form: { name: string }) => {
      started.push(form.name);
      return Promise.resolve([]);
    },
  } as unknown as RunManager;
  const endpoint = new EndpointSettings(undefined);
  render(StartScreen, {
    props: { onstarted: () => {} },
    context: appContext({ models, runs, endpoints: endpoint, storage }),
  });
  await screen.findByLabelText('Model');
  return { ...h, models, started };
}

describe('Quick local run', () => {
  it('is not the main button on a software adapter and asks before downloading', async () => {
    const { mlc, started } = await setup('swiftshader');
    const button = screen.getByRole('button', { name: 'Quick local run' });
    expect(button.classList.contains('secondary')).toBe(true);
    await fireEvent.click(button);
    const ask = screen.getByTestId('quick-confirm').textContent ?? '';
    expect(ask).toMatch(/This downloads about \d+(\.\d)? MB \(Qwen2\.5-0\.5B-Instruct, q4f32_1\)/);
    expect(ask).toContain('software adapter (swiftshader)');
    expect(ask).toContain('100–1000× slower');
    // Nothing was downloaded or loaded yet.
    expect(mlc.log).toEqual([]);
    const group = screen.getByRole('group', { name: /Start the quick run\?/ });
    await fireEvent.click(within(group).getByRole('button', { name: 'Not now' }));
    expect(mlc.log).toEqual([]);
    expect(started).toEqual([]);

    await fireEvent.click(screen.getByRole('button', { name: 'Quick local run' }));
    await fireEvent.click(screen.getByRole('button', { name: /^Download .* and run$/ }));
    await waitFor(() => expect(started).toHaveLength(1));
    expect(mlc.log).toContain(`reload:${SMALL_MODEL}`);
  });

  it('is the main button on a real GPU', async () => {
    await setup('ampere');
    const button = screen.getByRole('button', { name: 'Quick local run' });
    expect(button.classList.contains('secondary')).toBe(false);
  });

  it('fails with a sentence that names the host', async () => {
    const { models } = await setup('swiftshader');
    const lib = models.recordOf(SMALL_MODEL)!.model_lib;
    // The same screen, with no network to the library host.
    document.body.innerHTML = '';
    const offline = await setup('swiftshader', { [lib]: 'network' });
    await fireEvent.click(screen.getByRole('button', { name: 'Quick local run' }));
    await fireEvent.click(screen.getByRole('button', { name: /^Download .* and run$/ }));
    const alert = await screen.findByRole('alert');
    const text = alert.textContent ?? '';
    expect(text).toContain(
      `${SMALL_MODEL} cannot be loaded. Could not reach raw.githubusercontent.com for the model library at ${lib}. The server is down, the address is wrong, or this computer is offline.`,
    );
    expect(text).not.toMatch(/Failed to fetch Check/);
    expect(offline.started).toEqual([]);
  });
});
