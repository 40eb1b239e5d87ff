import { expect, test } from '@playwright/test';

test.use({ serviceWorkers: 'allow' });

test('after the first visit the app reloads offline from the service worker cache', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ScaleQuest Studio' })).toBeVisible();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'ScaleQuest Studio' })).toBeVisible();
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await context.setOffline(false);
});
