import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { snapshot } from './idbSnapshot';
import { installLongTaskProbe, measureLargeImport, measureLongAnswer } from '../support/uiFreeze';

// The page never freezes: a 50 MB import is read, checked and stored in the import worker, and a
// 1 MB answer is rendered a part at a time. The Long Tasks API lists every main-thread task over
// 50 ms. The goal (≤ 200 ms) is shown by `npm run bench -- ui`; the bound here only catches the
// page doing the work itself again. That froze it for 1.5–4 s on a quiet machine (5–10 times
// that on a loaded one), while parts rendered one per task stay well under the bound even on a
// machine shared by many.
const FROZEN_MS = 3000;

// Tracing snapshots the whole DOM around each step on the page's own thread: long tasks that
// are Playwright's, not the studio's.
test.use({ trace: 'off' });

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'page-freeze-'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a 50 MB import and a 1 MB answer never block the page for long', async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await installLongTaskProbe(page);
  await page.goto('/#/dataset');

  const imported = await measureLargeImport(page, 50 * 1024 * 1024, dir);
  test.info().annotations.push({
    type: 'longest task during import (ms)',
    description: `${Math.round(imported.longestTaskMs)} (${imported.detail})`,
  });
  const { runs, events } = await snapshot(page);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.progress.attempts).toBe(Number(imported.detail.split(' ')[0]));
  expect(events.map((e) => e.kind)).toEqual(['imported']);

  const opened = await measureLongAnswer(page);
  test.info().annotations.push({
    type: 'longest task opening a 1 MB answer (ms)',
    description: `${Math.round(opened.longestTaskMs)} (${opened.detail})`,
  });
  // Collapsed: the first stretch is shown, rendered in parts, and more on request.
  const answer = page.locator('[data-part="response"] [data-long-text]');
  await expect(answer).toContainText(/Showing \d,\d{3} of 9\d\d,\d{3} characters/);
  const shown = async () =>
    Number(await answer.locator('[data-shown-chars]').getAttribute('data-shown-chars'));
  const first = await shown();
  const parts = await answer.locator('[data-rendered]').count();
  expect(parts).toBeGreaterThan(1);
  await answer.getByRole('button', { name: 'Show more' }).click();
  await expect.poll(shown).toBeGreaterThan(first);
  await expect.poll(() => answer.locator('[data-rendered]').count()).toBeGreaterThan(parts);

  // Cancel while a large file is being stored: the transaction is rolled back, nothing is kept.
  await page.getByLabel('File (JSONL or Parquet)').setInputFiles(join(dir, 'large-import.jsonl'));
  await page.getByRole('button', { name: /^Import \d+ rows$/ }).click({ timeout: 120_000 });
  await page
    .locator('[data-import-stage="storing"]')
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(page.getByText('Import cancelled: nothing was stored.')).toBeVisible();
  expect((await snapshot(page)).runs).toHaveLength(2);

  console.log(
    `longest task: import ${Math.round(imported.longestTaskMs)} ms, answer ${Math.round(opened.longestTaskMs)} ms`,
  );
  expect(imported.longestTaskMs).toBeLessThan(FROZEN_MS);
  expect(opened.longestTaskMs).toBeLessThan(FROZEN_MS);
  expect(errors).toEqual([]);
});
