import { expect, test } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

// Markers that exist only in test doubles (test/support, test/fixtures).
const testOnly = [
  'scripted-math',
  'ScriptedEngine',
  'MemoryRunStore',
  'startTestServer',
  'scriptedMlcEngine',
  'hostile-math',
];

test('the production bundle carries no test doubles', async () => {
  const files = (await readdir(join(dist, 'assets'))).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(1);
  for (const file of files) {
    const code = await readFile(join(dist, 'assets', file), 'utf8');
    for (const marker of testOnly)
      expect(code.includes(marker), `${marker} in ${file}`).toBe(false);
  }
});
