import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openScreen } from './navigation';
import { collectErrors, scripted, useScriptedWebLlm } from './scriptedWebLlm/useScriptedWebLlm';

const MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const shots = fileURLToPath(new URL('./artifacts/screens/', import.meta.url));

function row(page: Page, modelId = MODEL) {
  return page.locator(`tr[data-model-id="${modelId}"]`);
}

/** The catalog comes from the WebLLM worker, whose 6 MB module takes a while to start. */
async function catalogReady(page: Page) {
  await expect(row(page).getByRole('button', { name: `Load ${MODEL}` })).toBeVisible({
    timeout: 30_000,
  });
}

/** Models opened with the scripted WebLLM worker in place of the real one, console errors noted. */
async function openModels(page: Page, context: BrowserContext) {
  const outside = await useScriptedWebLlm(context);
  const errors = collectErrors(page);
  await page.goto('/#/models');
  return { outside, errors };
}

/** Loads the model from its catalog row and waits until it is loaded. */
async function loadModel(page: Page) {
  await row(page)
    .getByRole('button', { name: `Load ${MODEL}` })
    .click();
  await expect(row(page).getByRole('button', { name: `Unload ${MODEL}` })).toBeVisible();
}

/**
 * A quick local run on the loaded model from Start, confirmed ("Run anyway"; `checkConfirm` sees
 * the question first), until it is done with its 3 questions kept.
 */
async function quickLocalRun(page: Page, checkConfirm?: (question: Locator) => Promise<void>) {
  await openScreen(page, 'Start');
  await page.getByLabel('Model').selectOption(MODEL);
  await page.getByRole('button', { name: 'Quick local run' }).click();
  await checkConfirm?.(page.getByTestId('quick-confirm'));
  await page.getByRole('button', { name: 'Run anyway' }).click();
  const done = page.locator('tr[data-run-status="done"]');
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(done).toContainText('3 / 3');
}

test.beforeAll(async () => {
  await mkdir(shots, { recursive: true });
});

test('a load / run / unload / delete cycle logs no console error, in the page or its workers', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const { outside, errors } = await openModels(page, context);
  await loadModel(page);
  const stats = page.locator(`[data-testid="model-stats"][data-model-id="${MODEL}"]`);
  await expect(stats).toContainText(
    /Loaded in \d+\.\d s:\s+download \d+\.\d s · shader compilation \d/,
  );
  await expect(row(page)).toContainText('Cached');

  // A quick local run on the loaded model, all the way through.
  await quickLocalRun(page, async (question) => {
    await expect(question).toContainText('already downloaded');
    await expect(question).toContainText('software adapter');
  });

  await openScreen(page, 'Models');
  await expect(stats).toContainText(/Last request: \d+ prompt/);
  await expect(stats.getByTestId('live-rate')).toContainText(/live .* tokens\/s|idle/);
  for (const width of [390, 1440])
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: theme });
      await page.screenshot({
        path: `${shots}models-loaded-${width}-${theme}.png`,
        fullPage: true,
      });
    }
  await row(page)
    .getByRole('button', { name: `Unload ${MODEL}` })
    .click();
  await expect(stats).toHaveCount(0);
  await row(page)
    .getByRole('button', { name: `Delete ${MODEL} from cache` })
    .click();
  await expect(row(page)).toContainText('Not cached');
  await expect(page.getByTestId('model-notice')).toHaveText(/Deleted .*\. Dismiss/);

  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test('cancel during shader compilation ends with no model and says cancelled', async ({
  page,
  context,
}) => {
  const { errors } = await openModels(page, context);
  await catalogReady(page);
  await scripted(page, { type: 'hold', phase: 'shader' });
  await row(page)
    .getByRole('button', { name: `Load ${MODEL}` })
    .click();
  const progress = page.getByRole('group', { name: /Compiling GPU shaders/ });
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('cancelling')).toContainText('cannot be interrupted');
  await expect(page.getByTestId('model-notice')).toContainText(`Loading ${MODEL} was cancelled`, {
    timeout: 15_000,
  });
  await expect(row(page).getByRole('button', { name: `Load ${MODEL}` })).toBeEnabled();
  await expect(page.locator('[data-testid="model-stats"]')).toHaveCount(0);
  // The next load runs in a fresh worker and works.
  await loadModel(page);
  expect(errors).toEqual([]);
});

test('a GPU device lost during a local run: the model is reloaded and the run goes on', async ({
  page,
  context,
}) => {
  const { errors } = await openModels(page, context);
  await loadModel(page);
  // The first request of the run is on the GPU when the device goes away.
  await scripted(page, { type: 'lose-during-request' });

  await quickLocalRun(page);
  // The run's history says what happened, between its start and its end.
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.locator('li')).toHaveText([
    /Done/,
    new RegExp(
      `Recovered: The GPU device was lost while ${MODEL.replace(/\./g, '\\.')} was generating \\(Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost\\)\\. .+ nothing was lost\\.`,
    ),
    /Started/,
  ]);
  await page.screenshot({ path: `${shots}runs-device-lost-1440-light.png`, fullPage: true });

  await openScreen(page, 'Models');
  const stats = page.locator(`[data-testid="model-stats"][data-model-id="${MODEL}"]`);
  await expect(stats).toContainText(
    /The GPU device was lost at .+; the model was reloaded in .+ and the request sent again\./,
  );
  await expect(row(page).getByRole('button', { name: `Unload ${MODEL}` })).toBeVisible();
  expect(errors).toEqual([]);
});
