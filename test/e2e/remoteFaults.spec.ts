// A run on a group of two faulty replicas (500s, 429 with Retry-After, broken JSON) completes,
// stores every question once, and the endpoint view shows both replicas.
import { openScreen } from './navigation';
import { expect, test } from '@playwright/test';
import {
  startTestServer,
  type RecordedRequest,
  type TestServer,
} from '../support/openAiTestServer';
import type { Fault } from '../support/serverFaults';

const servers: TestServer[] = [];

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** One 429 and one malformed answer for sure on each replica, on top of the seeded mix. */
function certainFaults(): (request: RecordedRequest) => Fault | undefined {
  let posts = 0;
  return (request) => {
    if (request.method !== 'POST') return undefined;
    posts += 1;
    if (posts === 2) return { kind: 'status', status: 429, headers: { 'retry-after': '0.5' } };
    if (posts === 4) return { kind: 'malformed' };
    return undefined;
  };
}

test('a run on two faulty replicas of one group completes with each question stored once', async ({
  page,
}) => {
  for (const seed of [11, 12]) {
    servers.push(
      await startTestServer({
        // Port 0: free ports, so parallel helpers' servers never collide.
        port: 0,
        fault: certainFaults(),
        faults: { seed, rates: { serverError: 0.3, rateLimited: 0.05 }, retryAfterS: 0.5 },
      }),
    );
  }
  const [a, b] = servers as [TestServer, TestServer];

  await page.goto('/');
  await openScreen(page, 'Settings');
  await page.getByLabel('Server URL').fill(a.url);
  await page.getByLabel('Model', { exact: true }).fill('scripted-math');
  await page.getByRole('button', { name: 'Add endpoint to Default' }).click();
  const first = page.getByRole('group', { name: 'Default · endpoint 1' });
  const second = page.getByRole('group', { name: 'Default · endpoint 2' });
  await second.getByLabel('Server URL').fill(b.url);
  await second.getByLabel('API key (optional)').fill('sk-e2e-secret-4242');
  await second.getByLabel('API key (optional)').blur();
  for (const endpoint of [first, second]) {
    await endpoint.getByRole('button', { name: 'Test connection' }).click();
    await expect(endpoint.getByText('Connected. Models: scripted-math')).toBeVisible();
  }
  // The key is never shown again in full, only masked.
  await expect(second.getByLabel('API key (optional)')).toHaveAttribute(
    'placeholder',
    'saved: ••••4242',
  );
  await expect(page.getByText('sk-e2e-secret-4242')).toHaveCount(0);

  await openScreen(page, 'Design');
  await expect(page.getByLabel(/^Solve/).first()).toHaveValue(/^remote:/);
  await page.getByLabel('Questions to keep').fill('6');
  await page.getByLabel('Solutions per question').fill('3');
  await page.getByLabel('Seed').fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();

  const view = page.getByRole('table', { name: 'Endpoints of Default' });
  await expect(view.locator(`tr[data-endpoint="${a.url}/v1"]`)).toBeVisible({ timeout: 30_000 });
  await expect(view.locator(`tr[data-endpoint="${b.url}/v1"]`)).toBeVisible();

  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 80_000 });

  const headings = await page
    .getByRole('list', { name: 'Questions of this run' })
    .locator(':scope > li h3')
    .allTextContents();
  const indices = headings.map((h) => h.match(/^Question (\d+)/)?.[1]);
  expect(new Set(indices).size).toBe(headings.length);
  expect(headings.filter((h) => h.endsWith('kept'))).toHaveLength(6);
  const kept = await page.locator('li[data-status="kept"] p.math-text').allTextContents();
  expect(kept).toHaveLength(6);
  expect(new Set(kept).size).toBe(6);
  await expect(view.locator('tbody tr')).toHaveCount(2);
  await openScreen(page, 'Dataset');
  await expect(page.getByRole('heading', { name: 'Dataset (6 pairs)' })).toBeVisible();
  const pairs = page
    .getByRole('list', { name: 'Stored question–answer pairs' })
    .locator('[data-pair-row]');
  await expect(pairs).toHaveCount(6);

  // Both replicas did work, and every kind of fault happened.
  const outcomes = servers.flatMap((s) =>
    s.requests.filter((r) => r.method === 'POST').map((r) => r.outcome),
  );
  for (const fault of ['500', '429', 'malformed']) expect(outcomes).toContain(fault);
  for (const server of servers)
    expect(
      server.requests.filter((r) => r.method === 'POST' && r.outcome === 'ok').length,
    ).toBeGreaterThan(0);
  expect(
    b.requests
      .filter((r) => r.method === 'POST')
      .every((r) => r.authorization === 'Bearer sk-e2e-secret-4242'),
  ).toBe(true);
});
