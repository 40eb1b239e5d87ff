import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceSetsPlugin } from '../../../vite.config';
import { BUILT_IN_REFERENCE_SETS, questionLines } from '../../../src/core/filters/benchmarkSets';

const repoSets = fileURLToPath(new URL('../../../reference-sets/', import.meta.url));

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
  it('builds the repository’s reference sets into the app, content-hashed, with an index', () => {
    const out = emitted(repoSets);
    const index = JSON.parse(
      String(out.find((a) => a.fileName === 'reference-sets/index.json')!.source),
    ) as { source: string; file: string }[];
    expect(index.map((f) => f.source)).toEqual(BUILT_IN_REFERENCE_SETS.map((s) => s.source));
    for (const { source, file } of index) {
      expect(file).toMatch(new RegExp(`^${source}\\.[0-9a-f]{10}\\.jsonl\\.gz$`));
      const asset = out.find((a) => a.fileName === `reference-sets/${file}`)!;
      const questions = questionLines(gunzipSync(asset.source).toString('utf8'));
      expect(questions).toHaveLength(
        BUILT_IN_REFERENCE_SETS.find((s) => s.source === source)!.questions,
      );
    }
  });

  it('stops the build when a set is missing (the studio never ships without them)', () => {
    expect(() => emitted('/nonexistent/reference-sets/')).toThrow(/Built-in reference set missing/);
  });
});
