import { defineConfig } from 'vitest/config';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
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

/**
 * Writes precache-manifest.json for the service worker (public/sw.js): every built file except
 * source maps, old font formats and the reference sets, plus the public assets, under a version that changes
 * whenever a file name (content-hashed) does.
 */
export function precacheManifestPlugin(publicDir: string): Plugin {
  return {
    name: 'scalequest-precache-manifest',
    apply: 'build',
    // After Vite's HTML plugin, so index.html is in the bundle when the list is made.
    enforce: 'post',
    generateBundle(_options, bundle) {
      // Browsers that run the studio read woff2; the .woff/.ttf fallbacks of KaTeX stay uncached.
      const built = Object.keys(bundle).filter(
        (name) => !/\.(map|woff|ttf)$/.test(name) && !name.startsWith('reference/'),
      );
      const assets = existsSync(publicDir)
        ? readdirSync(publicDir).filter((name) => name !== 'sw.js')
        : [];
      const files = [...new Set([...built, ...assets])].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: 'precache-manifest.json',
        source: JSON.stringify({ version, files }),
      });
    },
  };
}

export default defineConfig({
  // The page lives in src/ (src/index.html) so the top level stays as the product card says.
  root: 'src',
  publicDir: '../public',
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    // Offline after the first visit: public/sw.js precaches what this lists.
    precacheManifestPlugin(fileURLToPath(new URL('./public/', import.meta.url))),
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
