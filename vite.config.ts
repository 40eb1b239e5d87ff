import { defineConfig } from 'vitest/config';
import type { Plugin, ViteDevServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { BUILT_IN_REFERENCE_SETS } from './src/core/filters/benchmarkSets.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The built-in contamination reference sets (reference-sets/ in the repository): emitted into
 * the build as `reference-sets/<source>.<content hash>.jsonl.gz` with `reference-sets/index.json`
 * listing them, and served from the repository by the dev server. A missing file
 * stops the build: the studio must never ship without them.
 */
export function referenceSetsPlugin(dir: string): Plugin {
  const built = () =>
    BUILT_IN_REFERENCE_SETS.map(({ source, file }) => {
      const path = join(dir, file);
      if (!existsSync(path)) throw new Error(`Built-in reference set missing: ${path}`);
      const bytes = readFileSync(path);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      return { source, file: `${source}.${hash}.jsonl.gz`, bytes };
    });
  const serve = (server: ViteDevServer) => {
    server.middlewares.use((req, res, next) => {
      const path = req.url?.split('?')[0] ?? '';
      if (!path.startsWith('/reference-sets/')) return next();
      const name = path.slice('/reference-sets/'.length);
      const sets = built();
      if (name === 'index.json') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(sets.map(({ source, file }) => ({ source, file }))));
        return;
      }
      const set = sets.find((s) => s.file === name);
      if (!set) return next();
      res.setHeader('Content-Type', 'application/gzip');
      res.end(set.bytes);
    });
  };
  return {
    name: 'scalequest-reference-sets',
    // The dev server serves them from the repository; `vite preview` and any static host serve
    // the built files.
    configureServer: serve,
    generateBundle() {
      const sets = built();
      for (const { file, bytes } of sets)
        this.emitFile({ type: 'asset', fileName: `reference-sets/${file}`, source: bytes });
      const index = JSON.stringify(sets.map(({ source, file }) => ({ source, file })));
      this.emitFile({ type: 'asset', fileName: 'reference-sets/index.json', source: index });
    },
  };
}

/**
 * Writes precache-manifest.json for the service worker (public/sw.js): every built file except
 * source maps and old font formats — the built-in reference sets included, so the contamination
 * check works offline — plus the public assets, under a version that changes whenever a file
 * name (content-hashed) does.
 */
export function precacheManifestPlugin(publicDir: string): Plugin {
  return {
    name: 'scalequest-precache-manifest',
    apply: 'build',
    // After Vite's HTML plugin, so index.html is in the bundle when the list is made.
    enforce: 'post',
    generateBundle(_options, bundle) {
      // Browsers that run the studio read woff2; the .woff/.ttf fallbacks of KaTeX stay uncached.
      const built = Object.keys(bundle).filter((name) => !/\.(map|woff|ttf)$/.test(name));
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
    referenceSetsPlugin(fileURLToPath(new URL('./reference-sets/', import.meta.url))),
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
