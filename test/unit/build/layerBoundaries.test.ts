import { relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** One real file per layer: the place an import is written from, and the file it points at. */
const SAMPLE: Record<string, string> = {
  core: 'src/core/canonicalJson.ts',
  engine: 'src/engine/jobQueue.ts',
  db: 'src/db/observe.ts',
  services: 'src/services/runLock.ts',
  state: 'src/state/appVersion.ts',
  ui: 'src/ui/models/format.ts',
  cli: 'src/cli/jsonLines.ts',
  wiring: 'src/wiring/runWorkerClient.ts',
  workers: 'workers/run.worker.ts',
};

/**
 * The architecture as ARCHITECTURE.md draws it, written out here on purpose: loosening the lint
 * config alone makes this test fail.
 */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  engine: ['core'],
  db: ['core'],
  services: ['core', 'engine', 'db'],
  state: ['core', 'engine', 'db', 'services'],
  ui: ['core', 'services', 'state'],
  cli: ['core', 'engine', 'services'],
  wiring: ['core', 'engine', 'db', 'services', 'state', 'ui'],
  workers: ['core', 'engine', 'db', 'services'],
};

function specifier(from: string, to: string): string {
  const path = relative(dirname(from), to).replace(/\.ts$/, '');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Lints `code` as if it were the sample file of `layer`, with the project's real config. */
async function boundaryErrors(eslint: ESLint, layer: string, code: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${SAMPLE[layer]}` });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.line);
}

describe('layer boundaries (eslint.config.js)', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  it('knows every layer of the config, with a sample file each', async () => {
    const config = (await eslint.calculateConfigForFile(`${root}${SAMPLE.core}`)) as {
      settings: { 'boundaries/elements': { type: string }[] };
    };
    const layers = config.settings['boundaries/elements'].map((e) => e.type);
    expect([...layers].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
    expect(Object.keys(SAMPLE).sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  for (const [from, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${from}: imports of the layers it may use pass, every other one is rejected`, async () => {
      const targets = Object.keys(MAY_IMPORT);
      const code = targets
        .map((to, i) => {
          const spec = specifier(SAMPLE[from]!, SAMPLE[to]!);
          return `import * as m${i} from '${spec}';\nvoid m${i};`;
        })
        .join('\n');
      const flagged = await boundaryErrors(eslint, from, code);
      const rejected = targets.filter((_, i) => flagged.includes(2 * i + 1));
      expect(rejected).toEqual(targets.filter((to) => to !== from && !allowed.includes(to)));
    }, 60_000);
  }

  it('db may use engine types (the custom-model store port) but not engine code', async () => {
    const spec = specifier(SAMPLE.db!, 'src/engine/webllm/customModelStore.ts');
    const code = `import type { CustomModelStore } from '${spec}';\nimport { InMemoryCustomModelStore } from '${spec}';\nexport type S = CustomModelStore;\nexport const s = InMemoryCustomModelStore;`;
    expect(await boundaryErrors(eslint, 'db', code)).toEqual([2]);
  }, 60_000);

  it('the core may not reach test doubles, Dexie, Svelte, WebLLM or node modules', async () => {
    const code = [
      `import { ScriptedEngine } from '../../test/support/scriptedEngine';`,
      `import Dexie from 'dexie';`,
      `import { mount } from 'svelte';`,
      `import * as webllm from '@mlc-ai/web-llm';`,
      `import { readFileSync } from 'node:fs';`,
      `export const all = [ScriptedEngine, Dexie, mount, webllm, readFileSync];`,
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: `${root}${SAMPLE.core}` });
    const lines = result!.messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.line);
    expect(lines).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);
});
