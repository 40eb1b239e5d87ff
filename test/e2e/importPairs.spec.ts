import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

const PAIRS = 1_000;

/** A JSONL file of `PAIRS` ScaleQuest pairs with two broken lines in the middle. */
function pairsFile(): Buffer {
  const lines = Array.from({ length: PAIRS }, (_, i) =>
    JSON.stringify({
      query: `Imported ${i}: a ${i === 321 ? 'walrus' : 'seal'} swims ${i} m. How far?`,
      response: `It swims \\boxed{${i}} m.`,
    }),
  );
  lines.splice(500, 0, '{"query": "no response"}', 'not json at all');
  return Buffer.from(lines.join('\n') + '\n');
}

/**
 * Holds a read-write transaction on the studio's pair packs from a second connection (a chain of
 * reads keeps it open), so the studio's next write there waits until `window.releasePacks()`.
 */
async function holdPairPacks(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('scalequest-studio');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          let held = true;
          const store = open.result.transaction('pairPacks', 'readwrite').objectStore('pairPacks');
          const keepOpen = () => {
            if (held) store.count().onsuccess = keepOpen;
          };
          keepOpen();
          (window as unknown as { releasePacks: () => void }).releasePacks = () => (held = false);
          resolve();
        };
      }),
  );
}

test('imported pairs (stored packed) browse, review, survive a reload and export in order', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#/dataset');
  await expect(page.getByRole('heading', { name: 'Dataset (0 pairs)' })).toBeVisible();

  await page
    .getByLabel('File (JSONL or Parquet)')
    .setInputFiles({ name: 'seals.jsonl', mimeType: 'application/jsonl', buffer: pairsFile() });
  const report = page.getByLabel('Import report');
  await expect(report).toContainText(`${PAIRS} accepted, 2 rejected`);
  await report.getByRole('button', { name: `Import ${PAIRS} rows` }).click();

  const count = page.getByTestId('browser-count');
  await expect(count).toHaveText(/^\s*1,000 of 1,000\s*$/, { timeout: 30_000 });
  await page.getByLabel('Search questions and answers').fill('walrus');
  await expect(count).toHaveText(/^\s*1 of 1,000\s*$/);
  const row = page.locator('[data-pair-row]').first();
  await row.getByRole('button').click();
  const detail = page.getByRole('article', { name: 'Pair detail' });
  await expect(detail).toContainText('walrus swims 321 m');
  // The decision waits behind another write: until it is stored the row does not claim it, and
  // leaving the page asks first (dismissed here, so the page stays and the write completes).
  await holdPairPacks(page);
  await page.keyboard.press('a');
  const asked = page.waitForEvent('dialog', { timeout: 15_000 });
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(row).toHaveAttribute('data-review', 'pending');
  await page.evaluate(() => (window as unknown as { releasePacks: () => void }).releasePacks());
  await expect(row).toHaveAttribute('data-review', 'accepted');

  await page.reload();
  await expect(count).toHaveText(/^\s*1,000 of 1,000\s*$/, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Review', exact: true }).selectOption('accepted');
  await expect(count).toHaveText(/^\s*1 of 1,000\s*$/);
  await expect(page.locator('[data-pair-row]').first()).toContainText('walrus');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSONL' }).click();
  const download = await downloadPromise;
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
  expect(lines).toHaveLength(PAIRS);
  expect(lines.map((l) => (JSON.parse(l) as { query: string }).query.split(':')[0])).toEqual(
    Array.from({ length: PAIRS }, (_, i) => `Imported ${i}`),
  );
});
