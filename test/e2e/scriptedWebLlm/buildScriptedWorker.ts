/**
 * Bundles the scripted WebLLM worker into one ES module (Playwright global setup), with the
 * same bundler the app is built with.
 */
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export const SCRIPTED_WORKER = fileURLToPath(
  new URL('../artifacts/scripted-webllm/scriptedWebLlm.worker.js', import.meta.url),
);

export default async function buildScriptedWorker(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: fileURLToPath(new URL('../artifacts/scripted-webllm/', import.meta.url)),
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      lib: {
        entry: fileURLToPath(new URL('./scriptedWebLlm.worker.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => 'scriptedWebLlm.worker.js',
      },
    },
  });
}
