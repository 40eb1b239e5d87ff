/**
 * Whether the page ever freezes, measured as a person meets it (headless Debian Chromium):
 *   npm run bench -- ui [--mb 50] [--runs 1]
 * Builds the app into a temporary folder, serves it with `vite preview`, and records every
 * main-thread task over 50 ms (Long Tasks API) while a JSONL file of `--mb` MB is imported
 * (read, checked, stored) and while a pair with a 1 MB answer is opened in the dataset browser.
 * Prints the longest task of each and `ui.longest_task_ms`, the longer of the two.
 * Goal: ui.longest_task_ms ≤ 200 on these machines.
 */
import { build, preview } from 'vite';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  installLongTaskProbe,
  measureLargeImport,
  measureLongAnswer,
  type FreezeFigures,
} from '../support/uiFreeze';
import { benchOrigin, launchBenchBrowser, serveOriginFrom } from '../support/benchBrowser';
import { argValue } from '../support/benchArgs';

const BENCH_HOST = 'ui-bench.test';

export default async function (args: string[]): Promise<void> {
  const mb = argValue(args, '--mb', 50);
  const runs = argValue(args, '--runs', 1);
  // The studio's own Vite config (its root is src/), built into a folder of this bench.
  const configFile = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), 'ui-bench-'));
  const outDir = join(dir, 'dist');
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const local = server.resolvedUrls?.local[0];
  const origin = benchOrigin(BENCH_HOST, local);
  const browser = await launchBenchBrowser(origin);
  const imports: FreezeFigures[] = [];
  const answers: FreezeFigures[] = [];
  try {
    if (!local) throw new Error('vite preview did not report a URL');
    for (let run = 0; run < runs; run++) {
      // A fresh profile each run: an empty database, as on a first import.
      const context = await browser.newContext();
      const page = await context.newPage();
      await serveOriginFrom(page, origin, local);
      await installLongTaskProbe(page);
      await page.goto(`${origin}/#/dataset`);
      imports.push(await measureLargeImport(page, mb * 1024 * 1024, dir));
      answers.push(await measureLongAnswer(page));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  const worst = (figures: FreezeFigures[]) =>
    Math.round(Math.max(...figures.map((f) => f.longestTaskMs)));
  console.log(`ui.import=${imports[0]!.detail.replace(/ /g, '_')}`);
  console.log(`ui.answer_bytes=${answers[0]!.detail.split(' ')[0]}`);
  console.log(`ui.runs=${runs}`);
  // The machine's load while measuring: these numbers grow with it.
  console.log(`ui.load_per_core=${(loadavg()[0]! / cpus().length).toFixed(1)}`);
  console.log(`ui.import_longest_task_ms=${worst(imports)}`);
  console.log(`ui.open_answer_longest_task_ms=${worst(answers)}`);
  console.log(`ui.longest_task_ms=${Math.max(worst(imports), worst(answers))}`);
}
