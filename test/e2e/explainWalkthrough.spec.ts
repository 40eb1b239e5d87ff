import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openScreen } from './navigation';
import { finishedRun } from './scriptedRun';

// A teacher steps one stored question through the method, picks a question for what it shows,
// and presents it full screen without the app around it.

const shots = fileURLToPath(new URL('./artifacts/screens/', import.meta.url));

test('Explain walks one question through the method, picks telling questions and presents', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await mkdir(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await finishedRun(page, 3);
  await openScreen(page, 'Explain');

  const position = page.getByTestId('step-position');
  const step = (name: string) => page.locator(`[data-walk-step="${name}"]`);
  const mapStep = (name: string) => page.locator(`.map [data-step="${name}"]`);
  await expect(position).toHaveText('Step 1 of 10: Generate');
  await expect(step('generate').locator('.special').first()).toHaveText('<|im_start|>');
  await expect(mapStep('generate')).toHaveAttribute('aria-current', 'step');

  // Arrow keys work on arrival; the buttons too; one step shows at a time.
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText('Step 2 of 10: Screen');
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(position).toHaveText('Step 3 of 10: Language');
  await expect(page.locator('.steps > li')).toHaveCount(1);
  await expect(mapStep('language')).toHaveAttribute('aria-current', 'step');
  await expect(step('language').locator('.why')).toContainText('paper');

  // "Pick a question" offers the one the language filter rejected, and opens it at that step.
  const examples = page.getByLabel('Pick a question that shows…');
  const rejected = examples.locator('option', { hasText: 'Rejected at Language' });
  await expect(rejected).toHaveCount(1);
  await examples.selectOption(await rejected.getAttribute('value'));
  await expect(page.getByRole('heading', { name: /rejected at Language/ })).toBeVisible();
  await expect(position).toHaveText('Step 3 of 10: Language');
  await expect(mapStep('language')).toHaveAttribute('data-state', 'failed');
  await expect(step('language')).toContainText("detected language 'fr'");
  await expect(mapStep('judge')).toHaveAttribute('data-state', 'not-reached');

  // Presentation: the walkthrough alone, large, full screen where the browser allows it.
  await page.getByRole('button', { name: 'Present' }).click();
  const frame = page.getByRole('dialog', { name: 'Explain, presentation' });
  await expect(frame).toBeVisible();
  const covered = await page.evaluate(() => {
    const header = document.querySelector('header')!.getBoundingClientRect();
    const at = document.elementFromPoint(header.left + 20, header.top + 10);
    return !!at?.closest('[data-testid="walkthrough"]');
  });
  expect(covered, 'the app header is covered by the presentation').toBe(true);
  const size = await frame.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThan(18);
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText('Step 4 of 10: Duplicates');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText('Step 3 of 10: Language');
  await page.screenshot({ path: `${shots}explain-present-1440-light.png` });
  await page.getByRole('button', { name: /Exit presentation/ }).click();
  await expect(frame).toBeHidden();
  await expect(page.getByRole('banner')).toBeVisible();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});
