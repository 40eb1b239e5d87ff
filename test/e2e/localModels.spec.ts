import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { llmServerUrl } from './playwright.config';

/** No model may ever be downloaded: every request that leaves this machine is refused and noted. */
async function refuseOutsideRequests(context: BrowserContext): Promise<string[]> {
  const outside: string[] = [];
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    async (route) => {
      outside.push(route.request().url());
      await route.abort();
    },
  );
  return outside;
}

function localModels(page: Page) {
  return page.getByRole('region', { name: 'Local models (WebGPU)' });
}

async function addCustomModel(page: Page, modelUrl: string, modelLibUrl: string) {
  const section = localModels(page);
  await section.getByLabel('Model folder URL').fill(modelUrl);
  await section.getByLabel('Model library URL (.wasm)').fill(modelLibUrl);
  await section.getByRole('button', { name: 'Add model' }).click();
}

test('the capability report shows the software WebGPU adapter without shader-f16', async ({
  page,
  context,
}) => {
  const outside = await refuseOutsideRequests(context);
  await page.goto('/#/models');
  const section = localModels(page);
  await expect(section.getByTestId('cap-webgpu')).toHaveText('Available');
  await expect(section.getByTestId('cap-adapter')).toContainText('swiftshader');
  await expect(section.getByTestId('cap-adapter')).toContainText('(software adapter)');
  await expect(section.getByTestId('cap-f16')).toContainText('No');
  const guidance = section.getByRole('list', { name: 'Guidance' });
  await expect(guidance).toContainText('roughly 100–1000× slower than on a real GPU');
  await expect(guidance).toContainText('Use a remote server');
  await expect(guidance).toContainText('q4f32 builds');

  // The catalog comes from the WebLLM worker and picks q4f32 builds for this adapter.
  await expect(
    section.locator('tr[data-model-id="Qwen2-Math-7B-Instruct-q4f32_1-MLC"]'),
  ).toBeVisible();
  await expect(section.locator('tr[data-model-id*="q4f16"]')).toHaveCount(0);
  await expect(
    section.locator('tr[data-model-id="SmolLM2-360M-Instruct-q4f32_1-MLC"]'),
  ).toContainText('Not cached');
  expect(outside).toEqual([]);
});

test('a custom model URL that serves no model gives the documented error; the app keeps working', async ({
  page,
  context,
}) => {
  const outside = await refuseOutsideRequests(context);
  await page.goto('/#/models');
  const section = localModels(page);
  await addCustomModel(page, `${llmServerUrl}/nothing/`, `${llmServerUrl}/nothing/model.wasm`);

  const configUrl = `${llmServerUrl}/nothing/resolve/main/mlc-chat-config.json`;
  const folderInput = section.getByLabel('Model folder URL');
  await expect(folderInput).toHaveAttribute('aria-invalid', 'true');
  await expect(folderInput).toHaveAccessibleDescription(
    `No mlc-chat-config.json at ${configUrl} (404). Point to the folder that holds mlc-chat-config.json, tokenizer.json, tensor-cache.json and the weight shards.`,
  );
  await expect(section.getByRole('list', { name: 'Custom models' })).toHaveCount(0);

  // A library URL that is not a .wasm file is reported next to its own field.
  await addCustomModel(page, `${llmServerUrl}/nothing/`, `${llmServerUrl}/nothing/model.js`);
  await expect(section.getByLabel('Model library URL (.wasm)')).toHaveAccessibleDescription(
    'The model library must be an absolute URL of a .wasm file.',
  );

  await page.goto('/#/settings');
  await page.getByLabel('Server URL').fill(llmServerUrl);
  await page.getByLabel('Model', { exact: true }).fill('scripted-math');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected. Models: scripted-math')).toBeVisible();
  await page.goto('/#/models');
  await expect(section.getByTestId('cap-webgpu')).toHaveText('Available');
  expect(outside).toEqual([]);
});

test('a valid custom model is stored, survives a reload and can be removed', async ({
  page,
  context,
}) => {
  const outside = await refuseOutsideRequests(context);
  // Only the config is served: validation reads mlc-chat-config.json and nothing else.
  await context.route(`${llmServerUrl}/mlc/**`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
      body: JSON.stringify({
        conv_template: { name: 'llama-3_1' },
        tokenizer_files: ['tokenizer.json'],
        vocab_size: 128256,
        context_window_size: 4096,
      }),
    }),
  );
  await page.goto('/#/models');
  const section = localModels(page);
  await addCustomModel(
    page,
    `${llmServerUrl}/mlc/My-QGen-q4f32_1-MLC/`,
    `${llmServerUrl}/mlc/My-QGen-webgpu.wasm`,
  );
  await expect(section.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
    'Added My-QGen-q4f32_1-MLC (llama3 template).',
  );
  const list = section.getByRole('list', { name: 'Custom models' });
  await expect(list).toContainText('My-QGen-q4f32_1-MLC');
  await expect(section.locator('tr[data-model-id="My-QGen-q4f32_1-MLC"]')).toContainText(
    'Custom (llama3)',
  );

  await page.reload();
  await expect(list).toContainText('My-QGen-q4f32_1-MLC');
  await section.getByRole('button', { name: 'Remove My-QGen-q4f32_1-MLC' }).click();
  await expect(list).toHaveCount(0);
  await page.reload();
  // Catalog rows appear only after the stored custom models were read.
  await expect(section.locator('tr[data-model-id^="Qwen2-Math-7B"]')).toBeVisible();
  await expect(section.getByRole('list', { name: 'Custom models' })).toHaveCount(0);
  await expect(section.locator('tr[data-model-id="My-QGen-q4f32_1-MLC"]')).toHaveCount(0);
  expect(outside).toEqual([]);
});
