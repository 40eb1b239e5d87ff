import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceSetsPlugin } from '../../../vite.config';

const dataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

interface Emitted {
  fileName: string;
  source: string | Uint8Array;
}

/** Runs the plugin's generateBundle hook with a context that records emitted assets. */
function emitted(dir: string): Emitted[] {
  const out: Emitted[] = [];
  const hook = referenceSetsPlugin(dir).generateBundle as unknown as (this: unknown) => void;
  hook.call({ emitFile: (asset: Emitted) => out.push(asset) });
  return out;
}

describe('referenceSetsPlugin', () => {
  it('emits an empty index when the shared data folder is absent', () => {
    const out = emitted('/nonexistent/shared/data/');
    expect(out).toEqual([{ type: 'asset', fileName: 'reference/index.json', source: '[]' }]);
  });

  describe.skipIf(!existsSync(dataDir))('with ../shared/data present', () => {
    it('emits each benchmark file and lists it with its question field', () => {
      const out = emitted(dataDir);
      expect(out.map((a) => a.fileName).sort()).toEqual([
        'reference/gsm8k-test.jsonl',
        'reference/index.json',
        'reference/math500-test.jsonl',
        'reference/olympiadbench-test.jsonl',
      ]);
      const index: unknown = JSON.parse(
        String(out.find((a) => a.fileName.endsWith('index.json'))!.source),
      );
      expect(index).toContainEqual({
        source: 'math500-test',
        file: 'math500-test.jsonl',
        field: 'problem',
      });
      const gsm8k = out.find((a) => a.fileName === 'reference/gsm8k-test.jsonl')!;
      expect(String(gsm8k.source).split('\n').filter(Boolean)).toHaveLength(1319);
    });
  });
});
