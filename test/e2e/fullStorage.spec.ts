import { expect, test, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../support/openAiTestServer';
import { largeImportFile } from '../support/uiFreeze';
import { snapshot } from './idbSnapshot';
import { openScreen } from './navigation';

// Full storage as a person meets it: the browser's quota for the studio's origin is lowered
// through the DevTools protocol while the studio works. Chromium re-reads the quota of an
// origin about every 30 s, so each test waits that long for the first refused write.
let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({ delayMs: 150 });
});
test.afterAll(async () => {
  await server.close();
});

/**
 * The origin's quota, lowered and restored through the DevTools protocol. The override lasts as
 * long as its session, so one session serves the whole test.
 */
async function quotaControl(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  return {
    /** Lowers the quota to what the origin uses now: the next write that adds data is refused. */
    async fill(): Promise<void> {
      const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage });
    },
    async restore(): Promise<void> {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    },
  };
}

async function importBallast(page: Page): Promise<void> {
  await openScreen(page, 'Dataset');
  const { buffer, pairs } = largeImportFile(4e6);
  await page
    .getByLabel('File (JSONL or Parquet)')
    .setInputFiles({ name: 'ballast.jsonl', mimeType: 'application/jsonl', buffer });
  await page.getByRole('button', { name: `Import ${pairs} rows` }).click();
  await expect(page.getByText(/^Stored \d+ pairs/)).toBeVisible({ timeout: 60_000 });
}

test('full storage during a run pauses it with what to delete; deleting a run and Resume continue it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.addInitScript((baseUrl) => {
    localStorage.setItem(
      'scalequest.endpoint',
      JSON.stringify({ baseUrl, model: 'scripted-math', apiKey: '' }),
    );
  }, server.url);
  await page.goto('/');
  await importBallast(page);

  await openScreen(page, 'Design');
  await page.getByLabel('Name').fill('long run');
  await page.getByLabel('Questions to keep').fill('400');
  await page.getByRole('button', { name: 'Start run' }).click();
  const row = page.locator('tbody', { has: page.getByRole('button', { name: 'long run' }) });
  // The pipeline worker starts on first use: on a busy machine that takes a while.
  await expect(row.locator('tr[data-run-status="running"]')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => (await snapshot(page)).questions.length, { timeout: 60_000 })
    .toBeGreaterThan(2);

  const quota = await quotaControl(page);
  await quota.fill();
  // Paused, in words: what is full, what to delete; a Resume button instead of Pause.
  await expect(row.locator('tr[data-run-status="paused"]')).toBeVisible({ timeout: 90_000 });
  await expect(row.locator('[data-run-problem="quota"]')).toContainText(
    'Paused: browser storage is full.',
  );
  await expect(row.locator('[data-run-problem="quota"]')).toContainText('Runs → Delete');
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(page.locator('.dashboard [data-run-status="paused"]')).toBeVisible();
  await expect(page.locator('.dashboard [data-error-code="quota"]')).toContainText(
    'Then press Resume.',
  );
  await expect(page.locator('[data-notice="storage-full"]')).toBeVisible();

  // Nothing was half-written: every stored question is whole and counted.
  const before = await snapshot(page);
  const run = before.runs.find((r) => r.name === 'long run')!;
  const stored = before.questions.filter((q) => q.runId === run.id);
  expect(stored.map((q) => q.index).sort((a, b) => a - b)).toEqual(stored.map((_, i) => i));
  expect(stored).toHaveLength(run.progress.attempts);

  // Starting another run while full says so, and Start is off until there is room.
  await openScreen(page, 'Design');
  await expect(page.locator('[data-storage-full]')).toContainText('storage for the studio is full');
  await expect(page.getByRole('button', { name: 'Start run' })).toBeDisabled();

  // Free space the way the message says: delete a run.
  await openScreen(page, 'Runs');
  await page.getByRole('button', { name: 'Delete run ballast' }).click();
  await expect(page.locator('[data-notice="storage-full"]')).toHaveCount(0, { timeout: 30_000 });
  await openScreen(page, 'Design');
  await expect(page.getByRole('button', { name: 'Start run' })).toBeEnabled();
  await expect(page.locator('[data-storage-full]')).toHaveCount(0);

  // Resume continues the same run without a reload.
  await openScreen(page, 'Runs');
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row.locator('tr[data-run-status="running"]')).toBeVisible();
  await expect
    .poll(async () => (await snapshot(page)).runs.find((r) => r.id === run.id)!.progress.attempts, {
      timeout: 60_000,
    })
    .toBeGreaterThan(run.progress.attempts);
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.locator('tr[data-run-status="paused"]')).toBeVisible();

  const after = await snapshot(page);
  const events = after.events
    .filter((e) => e.runId === run.id)
    .map((e) => (e.message ? `${e.kind}: ${e.message}` : e.kind));
  expect(events).toEqual(['started', 'paused: storage full', 'resumed', 'paused']);
  const final = after.questions.filter((q) => q.runId === run.id);
  expect(final).toHaveLength(after.runs.find((r) => r.id === run.id)!.progress.attempts);
  expect(errors).toEqual([]);
  await quota.restore();
});

/**
 * Whether the origin refuses a write that adds data: 64 KB under a new key in a scratch
 * database of the test's own, removed again when it went through.
 */
function writeRefused(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const refusedName = (e: unknown) => (e as DOMException | null)?.name === 'QuotaExceededError';
    let db: IDBDatabase;
    try {
      db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('quota-probe');
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('cannot open'));
      });
    } catch (error) {
      return refusedName(error);
    }
    const run = (write: (store: IDBObjectStore) => void) =>
      new Promise<DOMException | null>((resolve) => {
        const tx = db.transaction('probe', 'readwrite');
        write(tx.objectStore('probe'));
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error);
      });
    const key = `k${Date.now()}`;
    const error = await run((store) => store.put(new Uint8Array(64 * 1024), key));
    if (!error) await run((store) => store.delete(key));
    db.close();
    return refusedName(error);
  });
}

/** Chromium applies a new quota late: polls until the origin refuses writes. */
async function untilWritesRefused(page: Page): Promise<void> {
  await expect.poll(() => writeRefused(page), { timeout: 90_000, intervals: [1000] }).toBe(true);
}

test('an import while storage is full stores nothing, says so, and works again once there is room', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/dataset');
  const { buffer, pairs } = largeImportFile(2e6);
  await page
    .getByLabel('File (JSONL or Parquet)')
    .setInputFiles({ name: 'pairs.jsonl', mimeType: 'application/jsonl', buffer });
  const importButton = page.getByRole('button', { name: `Import ${pairs} rows` });
  await expect(importButton).toBeEnabled({ timeout: 60_000 });

  expect(await writeRefused(page)).toBe(false);
  const quota = await quotaControl(page);
  await quota.fill();
  await untilWritesRefused(page);
  await importButton.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was stored' })).toContainText(
    'browser storage for the studio is full',
  );
  // Import is off while full, says why and what to delete; the page-wide notice says it too.
  await expect(importButton).toBeDisabled();
  await expect(page.locator('[data-storage-full]')).toContainText('Runs → Delete');
  await expect(page.locator('[data-notice="storage-full"]')).toBeVisible();
  expect((await snapshot(page)).runs).toEqual([]);

  // Room again: the studio finds out by itself, and the same file is stored whole.
  await quota.restore();
  await expect(importButton).toBeEnabled({ timeout: 90_000 });
  await expect(page.locator('[data-storage-full]')).toHaveCount(0);
  await expect(page.locator('[data-notice="storage-full"]')).toHaveCount(0);
  await importButton.click();
  await expect(page.getByText(/^Stored \d+ pairs/)).toBeVisible({ timeout: 60_000 });
  const { runs, events } = await snapshot(page);
  expect(runs.map((r) => [r.status, r.progress.attempts])).toEqual([['done', pairs]]);
  expect(events.map((e) => e.kind)).toEqual(['imported']);
  expect(errors).toEqual([]);
});
