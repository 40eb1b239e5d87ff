import { openScreen } from './navigation';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { llmServerUrl } from './playwright.config';

// The scripted server answers the model 'hostile-math' with questions and solutions full of
// script, iframe, onerror, javascript: and SVG payloads (test/fixtures/hostile-math.json).
// Each payload would set window.__pwned or open a dialog if it ever ran.

async function assertInert(detail: Locator) {
  expect(await detail.locator('script, iframe, object, embed, img, form, style').count()).toBe(0);
  const findings = await detail.evaluate((root) => {
    const bad: string[] = [];
    for (const el of root.querySelectorAll('*')) {
      for (const name of el.getAttributeNames()) {
        const value = el.getAttribute(name) ?? '';
        if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
        if (/^\s*(javascript|data|vbscript):/i.test(value))
          bad.push(`${el.tagName} ${name}=${value}`);
      }
    }
    return bad;
  });
  expect(findings).toEqual([]);
}

const pwned = (page: Page) => page.evaluate(() => (window as { __pwned?: unknown }).__pwned);

test('hostile model output is shown as inert text and math, never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await page.goto('/');
  await openScreen(page, 'Settings');
  await page.getByLabel('Server URL').fill(llmServerUrl);
  await page.getByLabel('Model', { exact: true }).fill('hostile-math');
  await openScreen(page, 'Design');
  await page.getByLabel('Questions to keep').fill('3');
  await page.getByLabel('Solutions per question').fill('3');
  await page.getByLabel('Seed').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
  await openScreen(page, 'Dataset');
  await expect(page.getByTestId('browser-count')).toHaveText(/^\s*3 of 3/);

  const rows = page.locator('[data-pair-row]');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await rows.nth(i).getByRole('button').click();
    const detail = page.getByRole('article', { name: 'Pair detail' });
    await expect(detail).toHaveAttribute(
      'data-detail-id',
      (await rows.nth(i).getAttribute('data-id'))!,
    );
    // Open every solution, then wait until the question, the answer and the three solutions
    // went through the markdown/math renderer.
    await detail.locator('details').evaluateAll((all) => {
      for (const el of all) (el as HTMLDetailsElement).open = true;
    });
    await expect(detail.locator('[data-rendered]')).toHaveCount(5);
    await expect(detail.locator('.katex').first()).toBeVisible();
    // The payload text stays readable as text.
    await expect(detail.locator('[data-part="question"]')).toContainText('<');
    await assertInert(detail);
  }

  expect(await page.locator('iframe').count()).toBe(0);
  expect(await pwned(page)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
