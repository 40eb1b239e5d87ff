/** Serves the scripted WebLLM worker in place of the built one, and WebAssembly for libraries. */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import { SCRIPTED_WORKER } from './buildScriptedWorker';

const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * Routes the app's webllm.worker-*.js to the scripted worker and answers model-library
 * (.wasm) requests with WebAssembly bytes, as the library host would. Every other request
 * that leaves this machine is refused and noted.
 */
export async function useScriptedWebLlm(context: BrowserContext): Promise<string[]> {
  const worker = await readFile(SCRIPTED_WORKER);
  const outside: string[] = [];
  await context.route(/\/assets\/webllm\.worker-[^/]*\.js$/, (route) =>
    route.fulfill({ body: worker, contentType: 'text/javascript' }),
  );
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    async (route) => {
      if (route.request().url().endsWith('.wasm'))
        return route.fulfill({
          body: WASM,
          contentType: 'application/wasm',
          headers: { 'access-control-allow-origin': '*' },
        });
      outside.push(route.request().url());
      await route.abort();
    },
  );
  return outside;
}

/** Steers the scripted engine (see scriptedWebLlm.worker.ts). */
export async function scripted(
  page: Page,
  command:
    | { type: 'hold'; phase: 'fetch' | 'shader' | 'done' }
    | { type: 'finish' }
    /** The next request to reach the GPU fails because the device went away. */
    | { type: 'lose-during-request' },
): Promise<void> {
  await page.evaluate((c) => new BroadcastChannel('scripted-webllm').postMessage(c), command);
}

/** Every console error and uncaught error of the page and of its workers. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const onConsole = (where: string) => (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(`${where} console.error: ${msg.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('worker', (w) => w.on('console', onConsole(`worker ${w.url()}`)));
  return errors;
}
