// A studio run whose only server goes down mid-run: it shows "paused" with the server and what
// to do, keeps what it stored, and continues by itself once the server answers again.
import { openScreen } from './navigation';
import { expect, test } from '@playwright/test';
import { startTestServer, type TestServer } from '../support/openAiTestServer';

let server: TestServer | undefined;

test.afterAll(async () => {
  await server?.close();
});

test('a run whose server goes down pauses, says why, and continues when it is back', async ({
  page,
}) => {
  test.setTimeout(300_000);
  let down = false;
  server = await startTestServer({
    // Port 0: a free port, so parallel helpers' servers never collide.
    port: 0,
    // Slow enough that the run is still going when the server goes down.
    delayMs: 150,
    fault: () => (down ? { kind: 'status', status: 503 } : undefined),
  });
  const url = server.url;

  await page.goto('/');
  await openScreen(page, 'Settings');
  await page.getByLabel('Server URL').fill(url);
  await page.getByLabel('Model', { exact: true }).fill('scripted-math');
  await page.getByLabel('Model', { exact: true }).blur();

  await openScreen(page, 'Design');
  await page.getByLabel('Questions to keep').fill('30');
  await page.getByLabel('Solutions per question').fill('2');
  await page.getByLabel('Seed').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();

  const body = page.locator('tbody[data-run-id]').first();
  const row = body.locator('tr[data-run-status]');
  await expect(row).toHaveAttribute('data-run-status', 'running', { timeout: 30_000 });
  await expect
    .poll(() => server!.requests.filter((r) => r.outcome === 'ok').length, { timeout: 60_000 })
    .toBeGreaterThan(4);
  down = true;

  // Every server of the group failing for 30 s: paused, with the server named and what to do.
  await expect(row).toHaveAttribute('data-run-status', 'paused', { timeout: 120_000 });
  // The problem sits on its own line under the run's row.
  await expect(body).toContainText('has failed for');
  await expect(body).toContainText(url);
  await expect(body).toContainText('continues by itself');
  await expect(row.getByRole('button', { name: /^Resume/ })).toBeVisible();
  await body.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('paused-by-outage.png') });

  // Back: the probes see it and the run resumes by itself, to the end.
  down = false;
  await expect(row).toHaveAttribute('data-run-status', 'done', { timeout: 180_000 });
  await expect(body).not.toContainText('has failed for');
});
