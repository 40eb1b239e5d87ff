import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const appPort = Number(process.env.E2E_APP_PORT ?? 4173);
const serverPort = Number(process.env.E2E_LLM_PORT ?? 8787);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The scripted stand-in for the WebLLM worker (test/e2e/scriptedWebLlm), served by specs that
  // load a "model": no real model can be downloaded here.
  globalSetup: './scriptedWebLlm/buildScriptedWorker.ts',
  outputDir: './artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Safety limits, not speed checks: on a shared 2-core machine a step that takes 2 s alone can
  // take 15 s, and these limits only decide how long a real failure takes to report.
  timeout: 180_000,
  expect: {
    timeout: 20_000,
    // Screens against committed baselines (made with Debian's Chromium on this setup): a small
    // tolerance for anti-aliasing (a pixel's colour may move by `threshold`; up to 200 pixels of
    // a page may differ more), none for layout — a recoloured button or a moved line fails.
    toHaveScreenshot: {
      maxDiffPixels: 200,
      threshold: 0.2,
      animations: 'disabled',
      caret: 'hide',
    },
  },
  snapshotPathTemplate: '{testDir}/baselines/{arg}{ext}',
  // A normal run never writes a baseline (a missing one fails); `npm run test:e2e:baselines`
  // passes --update-snapshots to rewrite them on purpose.
  updateSnapshots: 'none',
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    headless: true,
    // The production build registers a service worker; only the offline spec lets it run, so it
    // never serves stale assets to the others.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; never a downloaded browser build.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${appPort} --strictPort`,
      cwd: root,
      url: `http://127.0.0.1:${appPort}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx tsx test/support/startTestServer.ts --port ${serverPort}`,
      cwd: root,
      url: `http://127.0.0.1:${serverPort}/v1/models`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});

export const llmServerUrl = `http://127.0.0.1:${serverPort}`;
