import { expect, test, type Page } from '@playwright/test';
import { openScreen, SCREEN_LINKS } from './navigation';
import { finishedRun, useScriptedServer } from './scriptedRun';

/** The page's scroll offset and where the screen's first heading sits below the sticky header. */
async function landing(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('header')!.getBoundingClientRect();
    const title = document.querySelector('main h2')!.getBoundingClientRect();
    return {
      scrollY: Math.round(window.scrollY),
      titleTop: title.top,
      headerBottom: header.bottom,
    };
  });
}

test('every screen opens at its top, its title below the header', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await useScriptedServer(page);
  await openScreen(page, 'Design');
  await page.getByLabel('Questions to keep').fill('2');
  // Far down the tall Design page, as a person is when they press Start run.
  const start = page.getByRole('button', { name: 'Start run' });
  await start.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  await start.click();
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
  let at = await landing(page);
  expect(at.scrollY, 'Runs after Start run').toBe(0);
  expect(at.titleTop).toBeGreaterThanOrEqual(at.headerBottom);
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
  // The designer still holds the run just designed, not the studio default.
  await openScreen(page, 'Design');
  await expect(page.getByLabel('Questions to keep')).toHaveValue('2');

  for (const screen of SCREEN_LINKS) {
    await page.mouse.wheel(0, 5000);
    await openScreen(page, screen);
    await expect(page.getByRole('main')).toBeFocused();
    at = await landing(page);
    expect(at.scrollY, screen).toBe(0);
    expect(at.titleTop, `${screen}: title under the header`).toBeGreaterThanOrEqual(
      at.headerBottom,
    );
  }
});

test('a jump to a stage of the designer stops below the sticky header', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/#/design');
  await page
    .getByRole('navigation', { name: 'Pipeline stages' })
    .getByRole('link', { name: /^Judge/ })
    .click();
  const stage = page.locator('#design-judge');
  await expect(stage).toBeFocused();
  const [legend, header] = await Promise.all([
    stage.locator('legend').boundingBox(),
    page.locator('header').boundingBox(),
  ]);
  expect(legend!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
});

test('Dataset keys work on arrival, before anything is clicked', async ({ page }) => {
  await finishedRun(page, 3);
  for (const how of ['click', 'keyboard'] as const) {
    await openScreen(page, 'Runs');
    if (how === 'click') await openScreen(page, 'Dataset');
    else
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('link', { name: 'Dataset', exact: true })
        .press('Enter');
    const rows = page.locator('[data-pair-row]');
    await expect(rows).toHaveCount(3);
    await page.keyboard.press('j');
    await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true');
    await expect(page.getByRole('article', { name: 'Pair detail' })).toBeVisible();
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('k');
    await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search questions and answers')).toBeFocused();
  }
});
