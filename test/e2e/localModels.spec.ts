import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { llmServerUrl } from './playwright.config';
import { LLAMA31_MLC_TEMPLATE } from '../fixtures/mlcConvTemplates';

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

/** A model folder with a config and a library under /mlc/ on the test server's origin. */
async function serveCustomModel(context: BrowserContext) {
  await context.route(`${llmServerUrl}/mlc/**`, (route) =>
    route.request().url().endsWith('.wasm')
      ? route.fulfill({
          status: 200,
          headers: { 'access-control-allow-origin': '*', 'content-type': 'application/wasm' },
          body: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
        })
      : route.fulfill({
          status: 200,
          headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
          body: JSON.stringify({
            conv_template: LLAMA31_MLC_TEMPLATE,
            tokenizer_files: ['tokenizer.json'],
            vocab_size: 128256,
            context_window_size: 4096,
          }),
        }),
  );
}

function localModels(page: Page) {
  return page.getByRole('region', { name: 'Local models (WebGPU)' });
}

/**
 * Opens Models with every outside request refused (and noted in `outside`) and, with
 * `customModel`, a model folder served under /mlc/.
 */
async function openModels(page: Page, context: BrowserContext, { customModel = false } = {}) {
  const outside = await refuseOutsideRequests(context);
  if (customModel) await serveCustomModel(context);
  await page.goto('/#/models');
  return { outside, section: localModels(page) };
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
  const { outside, section } = await openModels(page, context);
  await expect(section.getByTestId('cap-webgpu')).toHaveText('Available');
  await expect(section.getByTestId('cap-adapter')).toContainText('swiftshader');
  await expect(section.getByTestId('cap-adapter')).toContainText('(software adapter)');
  await expect(section.getByTestId('cap-f16')).toContainText('No');
  const guidance = section.getByRole('list', { name: 'Guidance' });
  await expect(guidance).toContainText('roughly 100–1000× slower than on a real GPU');
  await expect(guidance).toContainText('Use a remote server');
  await expect(guidance).toContainText('q4f32 builds');

  // The catalog comes from the WebLLM worker and picks q4f32 builds for this adapter.
  // The catalog arrives from the WebLLM worker, whose 6 MB module takes a while to start.
  await expect(
    section.locator('tr[data-model-id="Qwen2-Math-7B-Instruct-q4f32_1-MLC"]'),
  ).toBeVisible({ timeout: 30_000 });
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
  const { outside, section } = await openModels(page, context);
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

test('a model library that is missing (404) or not WebAssembly is refused, naming the URL', async ({
  page,
  context,
}) => {
  const { outside, section } = await openModels(page, context, { customModel: true });
  const libInput = section.getByLabel('Model library URL (.wasm)');
  // The test server answers 404 (with CORS) for any path it does not know.
  const missing = `${llmServerUrl}/libs/badlib-webgpu.wasm`;
  await addCustomModel(page, `${llmServerUrl}/mlc/badlib-q4f32_1-MLC/`, missing);
  await expect(libInput).toHaveAttribute('aria-invalid', 'true');
  await expect(libInput).toHaveAccessibleDescription(
    `The model library is not at ${missing} (404 Not Found). Check the URL.`,
  );
  // A server that answers every path with its HTML page.
  await context.route(`${llmServerUrl}/site/**`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><body>Not found</body></html>',
    }),
  );
  const notWasm = `${llmServerUrl}/site/libs/model-webgpu.wasm`;
  await addCustomModel(page, `${llmServerUrl}/mlc/badlib-q4f32_1-MLC/`, notWasm);
  await expect(libInput).toHaveAccessibleDescription(
    `The model library at ${notWasm} is not WebAssembly: the server sent an HTML page instead of a compiled .wasm file. Point to the model's -webgpu.wasm library.`,
  );
  await expect(section.getByRole('list', { name: 'Custom models' })).toHaveCount(0);
  expect(outside).toEqual([]);
});

test('a valid custom model is stored, survives a reload and can be removed', async ({
  page,
  context,
}) => {
  // Validation reads mlc-chat-config.json and the first bytes of the library, nothing else.
  const { outside, section } = await openModels(page, context, { customModel: true });
  await addCustomModel(
    page,
    `${llmServerUrl}/mlc/My-QGen-q4f32_1-MLC/`,
    `${llmServerUrl}/mlc/My-QGen-webgpu.wasm`,
  );
  await expect(section.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
    'Added My-QGen-q4f32_1-MLC (llama3_1 template).',
  );
  const list = section.getByRole('list', { name: 'Custom models' });
  await expect(list).toContainText('My-QGen-q4f32_1-MLC');
  await expect(section.locator('tr[data-model-id="My-QGen-q4f32_1-MLC"]')).toContainText(
    'Custom · template from its config (llama-3_1)',
  );

  await page.reload();
  await expect(list).toContainText('My-QGen-q4f32_1-MLC');
  await section.getByRole('button', { name: 'Remove My-QGen-q4f32_1-MLC' }).click();
  await expect(list).toHaveCount(0);
  await page.reload();
  // Catalog rows appear only after the stored custom models were read.
  await expect(section.locator('tr[data-model-id^="Qwen2-Math-7B"]')).toBeVisible({
    timeout: 30_000,
  });
  await expect(section.getByRole('list', { name: 'Custom models' })).toHaveCount(0);
  await expect(section.locator('tr[data-model-id="My-QGen-q4f32_1-MLC"]')).toHaveCount(0);
  expect(outside).toEqual([]);
});
