import { expect, test, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { llmServerUrl } from './playwright.config';

// Kept as test artifacts (gitignored): every main screen at phone and desktop width, both themes.
const shots = fileURLToPath(new URL('./artifacts/screens/', import.meta.url));
const SCREENS = ['start', 'design', 'runs', 'explain', 'dataset', 'models', 'settings'] as const;
const WIDTHS = [390, 1440] as const;
const THEMES = ['light', 'dark'] as const;

// A 24-hour clock: a masked time then has one width at any hour of the day ("AM" and "PM" do
// not), so the text beside it sits where the baseline has it whenever the suite runs.
test.use({ locale: 'en-GB' });

async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${where}`).toEqual([]);
}

/** The test server's address as the screens write it ("127.0.0.1:8807"): its port is the run's. */
const serverHost = new URL(llmServerUrl).host;

/**
 * What changes from one run of the suite to the next whatever the code — clock times, measured
 * speeds, storage figures, the test server's port — masked, each as tightly as it is drawn; the
 * rest of every screen is compared.
 */
async function liveParts(page: Page): Promise<Locator[]> {
  // The narrowest element that writes the server's host:port (text or a field's value).
  await page.evaluate((host) => {
    const marked = 'data-screens-mask';
    for (const el of document.querySelectorAll(`[${marked}]`)) el.removeAttribute(marked);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (node.textContent?.includes(host)) node.parentElement?.setAttribute(marked, '');
    for (const field of document.querySelectorAll('input, textarea'))
      if ((field as HTMLInputElement).value.includes(host)) field.setAttribute(marked, '');
  }, serverHost);
  return [
    page.locator('[data-screens-mask]'),
    // What the studio marks as changing by itself (a running ETA, tokens/s).
    page.locator('[data-live]'),
    page.locator('time'),
    // The throughput chart's time axis is the clock; the other charts' axes are the data's.
    page.locator('figure.chart', { hasText: 'Questions per minute' }).locator('.plot'),
  ];
}

const HEIGHT = { 390: 844, 1440: 900 } as const;

async function capture(
  page: Page,
  screen: string,
  width: (typeof WIDTHS)[number],
  theme: string,
  tag: string,
) {
  await page.setViewportSize({ width, height: HEIGHT[width] });
  await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
  await page.goto(`/#/${screen}`);
  await expect(page.locator('main h2').first()).toBeVisible();
  if (screen === 'runs' && tag === 'data')
    await expect(page.locator('figure.chart canvas')).toHaveCount(4);
  await page.evaluate(() => document.fonts.ready);
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
  const name = `${screen}-${width}-${theme}${tag === 'data' ? '' : `-${tag}`}.png`;
  // Compared, not only taken: the whole page against its committed baseline (test/e2e/baselines),
  // live figures masked. `npm run test:e2e:baselines` rewrites the baselines after a deliberate
  // change; look at every image it changes before committing it.
  await expect.soft(page).toHaveScreenshot(name, { fullPage: true, mask: await liveParts(page) });
  await page.screenshot({ path: `${shots}${name}`, fullPage: true });
  await expectNoSeriousViolations(page, `${screen} at ${width}px, ${theme}, ${tag}`);
}

test.beforeAll(async () => {
  await mkdir(shots, { recursive: true });
});

// The browser's storage figures are this machine's (free disk, what earlier tests left): the
// screens draw fixed ones, so the storage lines are compared whole, not masked.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const storage = navigator.storage;
    storage.estimate = () => Promise.resolve({ usage: 2_400_000, quota: 12_000_000_000 });
    storage.persisted = () => Promise.resolve(false);
  });
});

test('empty states of every screen read well and pass axe', async ({ page }) => {
  // 14 full-page captures with an axe pass each: a few minutes on a busy machine.
  test.setTimeout(600_000);
  for (const screen of SCREENS) {
    await capture(page, screen, 390, 'light', 'empty');
    await capture(page, screen, 1440, 'dark', 'empty');
  }
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

  // Each chart is drawn for the eye and read from a table by a screen reader: the drawing is
  // hidden from the accessibility tree, the table is in it (visually hidden, not display: none).
  await page.goto('/#/runs');
  for (const title of [
    'Agreement among solutions',
    'Difficulty: fail rate of solutions',
    'Questions per minute',
    'Tokens per stage',
  ]) {
    const figure = page.locator('figure.chart', { hasText: title });
    await expect(figure.locator('.plot')).toHaveAttribute('aria-hidden', 'true');
    const rows = page.getByRole('table', { name: title }).getByRole('row');
    await expect(rows.nth(1), title).toBeAttached();
  }
  // The two-line chart names its lines, and its table's Kept column adds up to the run's kept.
  const throughput = page.locator('figure.chart', { hasText: 'Questions per minute' });
  await expect(throughput.locator('.legend li')).toHaveText(['Stored', 'Kept']);
  const perMinute = page.getByRole('table', { name: 'Questions per minute' });
  await expect(perMinute.getByRole('columnheader')).toHaveText(['Minute', 'Stored', 'Kept']);
  const kept = await perMinute.locator('tbody tr td:nth-of-type(2)').allTextContents();
  expect(kept.reduce((sum, n) => sum + Number(n), 0)).toBe(3);

  // The dashboard's method map says in words what it draws, with the funnel table's figures.
  const map = page.getByRole('img', { name: /^The method with this run's counts/ });
  const cell = async (stage: string, col: string) =>
    (await page.locator(`tr[data-stage="${stage}"] [data-col="${col}"]`).textContent())!.trim();
  await expect(map).toHaveAccessibleDescription(
    new RegExp(
      `Language: ${await cell('language', 'reached')} reached, ${await cell('language', 'failed')} rejected \\(75% pass\\)\\.`,
    ),
  );
  await expect(map).toHaveAccessibleDescription(/^Generate: 4 written\./);
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
