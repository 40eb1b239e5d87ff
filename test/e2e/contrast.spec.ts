import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type AxeCore from 'axe-core';
import { openScreen, SCREEN_LINKS } from './navigation';
import { finishedRun } from './scriptedRun';

// Colour contrast (axe, WCAG AA) of every screen in both themes, also in the states the plain
// screen never shows: a selected row, and each kind of control hovered and keyboard-focused.

const THEMES = ['light', 'dark'] as const;
const PROBE = 'data-contrast-probe';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's colour-contrast rule on the page or one element. axe is injected once per page load and
 * called directly: AxeBuilder injects it again on every call, far too slow for hundreds of probes.
 */
async function contrastProblems(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const { violations } = await axe.run(context ?? document, {
      runOnly: { type: 'rule', values: ['color-contrast'] },
      resultTypes: ['violations'],
    });
    return violations.flatMap((v) =>
      v.nodes.map(
        (n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`,
      ),
    );
  }, include);
}

/**
 * Marks one visible element of each kind of control (same tag, classes and colours) with
 * PROBE=<n> and returns how many there are.
 */
function markControlKinds(page: Page): Promise<number> {
  return page.evaluate((probe) => {
    const seen = new Set<string>();
    let n = 0;
    const all = document.querySelectorAll<HTMLElement>(
      'header a, header button, main a, main button, main summary, main select, main tbody tr, [role="button"]',
    );
    for (const el of all) {
      el.removeAttribute(probe);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || (el as HTMLButtonElement).disabled) continue;
      const style = getComputedStyle(el);
      const kind = [
        el.tagName,
        el.getAttribute('class'),
        el.getAttribute('aria-current'),
        style.color,
        style.backgroundColor,
      ].join('|');
      if (seen.has(kind)) continue;
      seen.add(kind);
      el.setAttribute(probe, String(n++));
    }
    return n;
  }, PROBE);
}

async function checkStates(page: Page, where: string): Promise<string[]> {
  const problems = (await contrastProblems(page)).map((p) => `${where}: ${p}`);
  const kinds = await markControlKinds(page);
  for (let i = 0; i < kinds; i++) {
    const probe = page.locator(`[${PROBE}="${i}"]`);
    const selector = `[${PROBE}="${i}"]`;
    await probe.scrollIntoViewIfNeeded();
    await probe.hover({ force: true });
    for (const p of await contrastProblems(page, selector)) problems.push(`${where}, hover: ${p}`);
    await page.keyboard.press('Shift'); // a key press makes the next focus show as keyboard focus
    await probe.focus();
    for (const p of await contrastProblems(page, selector)) problems.push(`${where}, focus: ${p}`);
  }
  await page.mouse.move(0, 0);
  return problems;
}

test('every screen, both themes: text contrast at rest, selected, hovered and focused', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await finishedRun(page, 3);
  const problems: string[] = [];
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const screen of SCREEN_LINKS) {
      await openScreen(page, screen);
      await expect(page.locator('main h2').first()).toBeVisible();
      if (screen === 'Dataset') {
        // The row under review is the selected one (once the rows are there to select).
        await expect(page.locator('[data-pair-row]')).toHaveCount(3);
        await page.keyboard.press('j');
        await expect(page.locator('[data-pair-row][aria-current="true"]')).toBeVisible();
      }
      problems.push(...(await checkStates(page, `${screen} (${theme})`)));
    }
  }
  expect(problems).toEqual([]);
});
