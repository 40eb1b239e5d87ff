/**
 * Headless Debian Chromium for the browser benches, on a page served by a local Vite server but
 * under a non-localhost origin, as a deployed studio has: Dexie turns on its slow debug mode on
 * localhost/127.0.0.1. A flag keeps that origin a secure context (storage, crypto.subtle).
 */
import { chromium, type Browser, type Page } from '@playwright/test';

/** The bench's own origin on the local server's port. */
export function benchOrigin(host: string, local: string | undefined): string {
  return `http://${host}:${local ? new URL(local).port : 0}`;
}

export function launchBenchBrowser(origin: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', `--unsafely-treat-insecure-origin-as-secure=${origin}`],
  });
}

/** Serves `origin` on `page` by routing its requests to the local server at `local`. */
export async function serveOriginFrom(page: Page, origin: string, local: string): Promise<void> {
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.route(`${origin}/**`, async (route) => {
    const asked = new URL(route.request().url());
    const response = await route.fetch({
      url: `${local}${asked.pathname.slice(1)}${asked.search}`,
    });
    await route.fulfill({ response });
  });
}
