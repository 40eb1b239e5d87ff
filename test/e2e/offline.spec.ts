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
  // The built-in contamination sets come from the cache too: the designer lists them and every
  // question of each set can be read.
  await expect(page.getByTestId('reference-sets')).toHaveText(
    'Checked against: gsm8k-test, math500-test, olympiadbench-test.',
  );
  const counts = await page.evaluate(async () => {
    const index = (await (await fetch('reference-sets/index.json')).json()) as {
      source: string;
      file: string;
    }[];
    const out: Record<string, number> = {};
    for (const { source, file } of index) {
      const bytes = new Uint8Array(await (await fetch(`reference-sets/${file}`)).arrayBuffer());
      // Whether the server sent it gzip-encoded (decoded on the way) or as a .gz file.
      const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
      const text = gzipped
        ? await new Response(
            new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')),
          ).text()
        : new TextDecoder().decode(bytes);
      out[source] = text.split('\n').filter((line) => line.trim() !== '').length;
    }
    return out;
  });
  expect(counts).toEqual({ 'gsm8k-test': 1319, 'math500-test': 500, 'olympiadbench-test': 675 });
  await context.setOffline(false);
});
