import { expect, test } from '@playwright/test';

const TOTAL = 100_000;

/**
 * Writes `total` kept pairs straight into the app's IndexedDB (one transaction, raw API: the page
 * exposes no Dexie handle). Every 1,000th question mentions a zebra, for the search.
 */
function seed(total: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('scalequest-studio');
    open.onerror = () => reject(new Error(String(open.error)));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['runs', 'questions', 'solutions'], 'readwrite');
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(new Error(String(tx.error)));
      tx.objectStore('runs').put({
        id: 'seed',
        name: 'Seeded run',
        createdAt: 1,
        updatedAt: 1,
        status: 'done',
        config: {},
        backend: { kind: 'remote', baseUrl: 'http://seed', model: 'seed-model' },
        progress: {
          attempts: total,
          kept: total,
          rejected: {},
          promptTokens: 0,
          completionTokens: 0,
        },
        appVersion: 'seed',
      });
      const questions = tx.objectStore('questions');
      const solutions = tx.objectStore('solutions');
      for (let i = 0; i < total; i++) {
        const id = `seed:${i}`;
        const animal = i % 1000 === 7 ? 'zebra' : 'horse';
        questions.put({
          id,
          runId: 'seed',
          index: i,
          text: `Question ${i}: a ${animal} runs ${i % 97} km. How far?`,
          dedupKey: id,
          status: 'kept',
          verdicts: [{ stage: 'generate', pass: true }],
          generation: {
            prompt: '',
            rawText: '',
            finishReason: 'stop',
            seed: i,
            promptTokens: 1,
            completionTokens: 1,
            model: 'seed-model',
          },
          majorityAnswer: String(i % 97),
          agreement: (i % 4) / 4 + 0.25,
          chosenSolutionId: `${id}:0`,
          createdAt: 1_000_000 + i,
          reviewStatus: 'pending',
        });
        solutions.put({
          id: `${id}:0`,
          questionId: id,
          runId: 'seed',
          index: 0,
          text: `It runs \\boxed{${i % 97}} km.`,
          finishReason: 'stop',
          answer: String(i % 97),
          inMajority: true,
          chosen: true,
          completionTokens: 4,
        });
      }
    };
  });
}

test('100,000 pairs: a windowed list that scrolls to the end, searches and bulk-reviews', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/#/dataset');
  await expect(page.getByRole('heading', { name: 'Dataset (0 pairs)' })).toBeVisible();
  await page.evaluate(seed, TOTAL);
  await page.reload();

  const count = page.getByTestId('browser-count');
  await expect(count).toHaveText(/^\s*100,000 of 100,000\s*$/, { timeout: 120_000 });
  const rows = page.locator('[data-pair-row]');
  await expect(rows.first()).toHaveAttribute('data-id', `seed:${TOTAL - 1}`);
  expect(await rows.count()).toBeLessThan(60);

  // Scroll to the very end: the oldest pair (newest first) appears, and still only a window.
  const list = page.getByRole('list', { name: 'Stored question–answer pairs' });
  await expect(async () => {
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.locator('[data-id="seed:0"]')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  expect(await rows.count()).toBeLessThan(60);

  // Search narrows the count (every word must match, any case).
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search questions and answers')).toBeFocused();
  await page.keyboard.type('ZEBRA runs');
  await expect(count).toHaveText(/^\s*100 of 100,000\s*$/);
  await expect(rows.first()).toContainText('zebra');

  // Keyboard review: open the first match, accept it (moves on), then bulk-reject the rest.
  await expect(rows.first()).toHaveAttribute('data-id', 'seed:99007');
  await rows.first().getByRole('button').click();
  await expect(page.getByRole('article', { name: 'Pair detail' })).toBeVisible();
  await page.keyboard.press('a');
  await expect(page.locator('[data-id="seed:99007"]')).toHaveAttribute('data-review', 'accepted');
  await expect(page.locator('[data-id="seed:98007"]')).toHaveAttribute('aria-current', 'true');
  await expect(count).not.toContainText('loading');
  await page.getByRole('button', { name: 'Reject all shown' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByText('Rejected 100 pairs.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Review', exact: true }).selectOption('rejected');
  await expect(count).toHaveText(/^\s*100 of 100,000\s*$/);

  // The decisions are stored: after a reload the same filter finds them.
  await page.reload();
  await expect(count).toHaveText(/^\s*100,000 of 100,000\s*$/, { timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Review', exact: true }).selectOption('rejected');
  await expect(count).toHaveText(/^\s*100 of 100,000\s*$/);
});
