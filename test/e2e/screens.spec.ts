import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { llmServerUrl } from './playwright.config';

// Kept as test artifacts (gitignored): every main screen at phone and desktop width, both themes.
const shots = fileURLToPath(new URL('./artifacts/screens/', import.meta.url));
const SCREENS = ['start', 'design', 'runs', 'explain', 'dataset', 'models', 'settings'] as const;
const WIDTHS = [390, 1440] as const;
const THEMES = ['light', 'dark'] as const;

async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${where}`).toEqual([]);
}

async function capture(page: Page, screen: string, width: number, theme: string, tag: string) {
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
  await page.goto(`/#/${screen}`);
  await expect(page.locator('main h2').first()).toBeVisible();
  if (screen === 'runs' && tag === 'data')
    await expect(page.locator('figure.chart canvas')).not.toHaveCount(0);
  // Readable at this width: nothing forces the page to scroll sideways.
  const tooWide = await page.evaluate(
    (w) =>
      document.documentElement.scrollWidth > w
        ? [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > w + 1)
            .slice(-5)
            .map(
              (e) =>
                `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}px`,
            )
        : [],
    width,
  );
  expect(tooWide, `${screen} at ${width}px is wider than the viewport`).toEqual([]);
  await page.screenshot({
    path: `${shots}${screen}-${width}-${theme}${tag === 'data' ? '' : `-${tag}`}.png`,
    fullPage: true,
  });
  await expectNoSeriousViolations(page, `${screen} at ${width}px, ${theme}, ${tag}`);
}

test.beforeAll(async () => {
  await mkdir(shots, { recursive: true });
});

test('empty states of every screen read well and pass axe', async ({ page }) => {
  for (const screen of SCREENS) await capture(page, screen, 390, 'light', 'empty');
  await page.goto('/#/explain');
  await expect(page.getByText('No questions yet.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Start a run' })).toBeVisible();
});

test('every screen with a finished run, at 390 and 1440 px, light and dark', async ({ page }) => {
  // 28 full-page captures with an axe pass each: about a minute alone, 5+ on a busy machine.
  test.setTimeout(600_000);
  await page.addInitScript((baseUrl) => {
    if (!localStorage.getItem('scalequest.endpoint'))
      localStorage.setItem(
        'scalequest.endpoint',
        JSON.stringify({ baseUrl, model: 'scripted-math', apiKey: '' }),
      );
  }, llmServerUrl);
  await page.goto('/#/design');
  await page.getByLabel('Questions to keep').fill('3');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });

  for (const screen of SCREENS)
    for (const width of WIDTHS)
      for (const theme of THEMES) await capture(page, screen, width, theme, 'data');

  // Explain shows the exact pre-query prompt with its special tokens set apart.
  await page.goto('/#/explain');
  await expect(page.locator('.special').first()).toHaveText('<|im_start|>');
});

test('the dashboard does not shift while its charts load', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[])
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/#/runs');
  await expect(page.locator('main h2').first()).toBeVisible();
  await page.waitForTimeout(500);
  const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
  expect(cls).toBeLessThan(0.1);
});

test('keyboard: skip link first, then the theme toggle and the screens; the theme persists', async ({
  page,
}) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Start', exact: true })).toBeFocused();

  await toggle.click(); // system → light
  await toggle.click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('link', { name: 'Design', exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();
});
