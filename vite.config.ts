import { defineConfig } from 'vitest/config';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { BENCHMARK_FILES } from './src/core/filters/benchmarkSets.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Serves the benchmark test sets found in `dir` at /reference/<file> (dev and preview) and
 * emits them into dist at build, with /reference/index.json listing the ones present (an
 * empty list without the folder). The files are read where they are, never copied into the
 * repository; the app uses them as contamination references.
 */
export function referenceSetsPlugin(dir: string): Plugin {
  const present = () => BENCHMARK_FILES.filter((f) => existsSync(join(dir, f.file)));
  const serve = (server: ViteDevServer | PreviewServer) => {
    server.middlewares.use((req, res, next) => {
      const path = req.url?.split('?')[0] ?? '';
      if (!path.startsWith('/reference/')) return next();
      const name = path.slice('/reference/'.length);
      if (name === 'index.json') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(present()));
        return;
      }
      const file = present().find((f) => f.file === name);
      if (!file) return next();
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      createReadStream(join(dir, file.file)).pipe(res);
    });
  };
  return {
    name: 'scalequest-reference-sets',
    configureServer: serve,
    configurePreviewServer: serve,
    generateBundle() {
      const files = present();
      for (const f of files) {
        const source = readFileSync(join(dir, f.file));
        this.emitFile({ type: 'asset', fileName: `reference/${f.file}`, source });
      }
      const index = JSON.stringify(files);
      this.emitFile({ type: 'asset', fileName: 'reference/index.json', source: index });
    },
  };
}

export default defineConfig({
  // The page lives in src/ (src/index.html) so the top level stays as the product card says.
  root: 'src',
  publicDir: '../public',
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    // Offline after the first visit: a Workbox service worker precaches the built static assets
    // (models are cached by WebLLM itself). main.ts registers it in production builds only.
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,ico,png,woff2}'],
        // The WebLLM and pipeline workers are several MB; without them a local run needs the network.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
    referenceSetsPlugin(fileURLToPath(new URL('../shared/data/', import.meta.url))),
  ],
  server: { fs: { allow: ['..'] } },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, outDir: '../dist', emptyOutDir: true },
  test: {
    root: projectRoot,
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/support/component.setup.ts'],
        },
      },
    ],
  },
});
