import { expect, test, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../support/openAiTestServer';
import { snapshot } from './idbSnapshot';

// Two tabs of one studio: whichever drives the run (holds its lock), any tab pauses, resumes
// or stops it, and both show the same state. A slow server keeps the run going meanwhile.
let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({ delayMs: 100 });
});
test.afterAll(async () => {
  await server.close();
});

const statusIn = (page: Page, status: string) =>
  page.locator(`tbody:has(button:text-is("two tabs")) tr[data-run-status="${status}"]`);

/** Both tabs show the run in this state, in the list and on the dashboard. */
async function bothShow(a: Page, b: Page, status: string): Promise<void> {
  await Promise.all([
    expect(statusIn(a, status)).toBeVisible(),
    expect(statusIn(b, status)).toBeVisible(),
    expect(a.locator(`.dashboard [data-run-status="${status}"]`)).toBeVisible(),
    expect(b.locator(`.dashboard [data-run-status="${status}"]`)).toBeVisible(),
  ]);
}

test('stop, pause and resume from any tab reach the tab that drives the run', async ({
  context,
}) => {
  test.setTimeout(120_000);
  await context.addInitScript((baseUrl) => {
    localStorage.setItem(
      'scalequest.endpoint',
      JSON.stringify({ baseUrl, model: 'scripted-math', apiKey: '' }),
    );
  }, server.url);
  const a = await context.newPage();
  await a.goto('/#/design');
  await a.getByLabel('Name').fill('two tabs');
  await a.getByLabel('Questions to keep').fill('300');
  await a.getByRole('button', { name: 'Start run' }).click();
  await expect(statusIn(a, 'running')).toBeVisible({ timeout: 30_000 });

  const b = await context.newPage();
  await b.goto('/#/runs');
  await bothShow(a, b, 'running');
  const attempts = async () => (await snapshot(a)).runs[0]!.progress.attempts;
  await expect.poll(attempts, { timeout: 30_000 }).toBeGreaterThan(0);

  // Tab B pauses the run tab A drives (before, only the driving tab obeyed).
  await b.getByRole('button', { name: 'Pause' }).first().click();
  await bothShow(a, b, 'paused');
  const pausedAt = await attempts();
  await a.waitForTimeout(1000);
  expect(await attempts()).toBe(pausedAt);

  // Tab B resumes it and drives it from now on; tab A stops it for good.
  await b.locator('.dashboard').getByRole('button', { name: 'Resume' }).click();
  // Tab B's pipeline worker starts on first use, which takes a while on a busy machine.
  await expect(statusIn(b, 'running')).toBeVisible({ timeout: 30_000 });
  await bothShow(a, b, 'running');
  await expect.poll(attempts, { timeout: 30_000 }).toBeGreaterThan(pausedAt);
  await a.locator('.dashboard').getByRole('button', { name: 'Stop' }).click();
  await bothShow(a, b, 'stopped');
  await expect(a.locator('.dashboard').getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await expect(b.locator('.dashboard').getByRole('button', { name: 'Resume' })).toHaveCount(0);

  const { runs, questions, events } = await snapshot(b);
  expect(runs[0]!.status).toBe('stopped');
  expect(questions).toHaveLength(runs[0]!.progress.attempts);
  expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed', 'stopped']);
  // Both tabs tell the same history.
  for (const page of [a, b])
    await expect(page.getByRole('list', { name: 'History' })).toContainText('Stopped');
});
