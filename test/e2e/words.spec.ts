import { expect, test } from '@playwright/test';
import { openScreen } from './navigation';
import { finishedRun, useScriptedServer } from './scriptedRun';

// What the studio says: once, without contradiction, with the way out next to the problem.

test('a model name the server does not serve: said once, one click to fix, warned in Design', async ({
  page,
}) => {
  await page.goto('/');
  await useScriptedServer(page, 'no-such-model');
  const endpoint = page.locator('fieldset.endpoint').first();
  await endpoint.getByRole('button', { name: 'Test connection' }).click();
  const status = endpoint.getByRole('status');
  await expect(status).toContainText("does not serve 'no-such-model'");
  // The served models are offered as buttons, not listed again in words.
  const text = (await endpoint.textContent()) ?? '';
  expect(text.match(/scripted-math/g)?.length ?? 0).toBeLessThanOrEqual(1);
  const use = endpoint.getByRole('button', { name: 'Use scripted-math' });
  await expect(use).toBeVisible();

  await openScreen(page, 'Design');
  const warning = page.getByTestId('server-check').getByRole('alert');
  await expect(warning).toContainText("does not serve 'no-such-model'");

  await openScreen(page, 'Settings');
  await use.click();
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('scripted-math');
  await expect(status).toContainText('Connected');
  await openScreen(page, 'Design');
  await expect(page.getByTestId('server-check')).toContainText('serves its model');
  await expect(page.getByTestId('server-check').getByRole('alert')).toHaveCount(0);
});

test('no model yet: said once, no "valid" beside it, Start waits', async ({ page }) => {
  await page.goto('/#/design');
  await expect(page.getByTestId('no-model')).toBeVisible();
  const main = (await page.getByRole('main').textContent()) ?? '';
  expect(main.match(/No model/g)).toHaveLength(1);
  expect(main).not.toMatch(/configuration is valid/);
  await expect(page.getByRole('button', { name: 'Start run' })).toBeDisabled();
});

test('Dataset: math typeset in the list, one file-name scheme, a cancelled export in sight', async ({
  page,
}) => {
  await finishedRun(page, 3);
  await openScreen(page, 'Dataset');
  const rows = page.locator('[data-pair-row]');
  await expect(rows).toHaveCount(3);
  // The scripted questions carry $…$ math; the list typesets it as the detail does.
  await expect(rows.locator('.title .katex').first()).toBeVisible();
  for (const title of await rows.locator('.title').allInnerTexts())
    expect(title).not.toContain('$');

  const [quick] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSONL' }).click(),
  ]);
  expect(quick.suggestedFilename()).toMatch(/^scalequest-pairs-\d{4}-\d{2}-\d{2}\.jsonl$/);

  // The export panel's save picker cannot open in a headless browser: the outcome is said where
  // the person looks, with a way to get the file anyway.
  // Chromium offers the File System Access API, so the picker path is the default here.
  const choose = page.getByLabel('Choose where to save (written as it streams)');
  await expect(choose).toBeChecked();
  await page.getByLabel('Dataset card (README.md)').uncheck();
  const exportButton = page.getByRole('button', { name: 'Export dataset' });
  await exportButton.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -window.innerHeight + 120)); // button at the bottom
  await exportButton.click();
  const message = page.getByTestId('export-message');
  await expect(message).toContainText('Export cancelled');
  await expect(message).toBeInViewport();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    message.getByRole('button', { name: 'Download it instead' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe(quick.suggestedFilename());
  await expect(message).toContainText('Exported 3 pairs to scalequest-pairs-');
  await expect(message).toBeInViewport();
});
