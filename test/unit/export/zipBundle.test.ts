import { strFromU8, unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { writeJsonl } from '../../../src/core/export/jsonlExport';
import { writeParquet } from '../../../src/core/export/parquetExport';
import { writeDatasetBundle, writeZip } from '../../../src/core/export/zipBundle';
import { cardInput, SECRET } from './cardFixture';
import { collectBytes, concatBytes } from '../../support/byteChunks';
import { SAMPLE_PAIRS } from '../../support/exportPairs';

describe('zip bundle', () => {
  it('holds card, data and run config that unzip to the same content', async () => {
    const input = cardInput();
    const zipped = await collectBytes(
      writeDatasetBundle({
        card: input,
        data: [
          { path: 'data/train.parquet', content: writeParquet(SAMPLE_PAIRS), compress: false },
          {
            path: 'data/sharegpt.jsonl',
            content: writeJsonl(SAMPLE_PAIRS, { format: 'sharegpt' }),
          },
        ],
        runConfigs: input.runs.map((r) => ({ id: r.id, config: r.settings })),
      }),
    );
    const files = unzipSync(zipped);
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'data/sharegpt.jsonl',
      'data/train.parquet',
      'run-config.json',
    ]);
    expect(strFromU8(files['README.md']!)).toMatch(/^---\nlicense: "apache-2.0"\n/);
    const parquet = files['data/train.parquet']!;
    const rows = await parquetReadObjects({ file: parquet.slice().buffer });
    expect(rows.map((r) => r.query as string)).toEqual(SAMPLE_PAIRS.map((p) => p.query));
    const jsonl = strFromU8(files['data/sharegpt.jsonl']!).trim().split('\n');
    expect(jsonl).toHaveLength(SAMPLE_PAIRS.length);
    const config = JSON.parse(strFromU8(files['run-config.json']!)) as [
      { config: { seed: number } },
    ];
    expect(config[0].config.seed).toBe(42);
    for (const [name, bytes] of Object.entries(files)) {
      expect(strFromU8(bytes, true), name).not.toContain(SECRET);
      expect(strFromU8(bytes, true), name).not.toContain('hunter2');
    }
  });

  it('streams an entry in many chunks and keeps bytes exact', async () => {
    const big = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(1000)}${i}\n`);
    const raw = new Uint8Array([0, 1, 2, 255, 254]);
    const out: Uint8Array[] = [];
    for await (const c of writeZip([
      { path: 'a.txt', content: big },
      { path: 'b.bin', content: raw, compress: false },
    ]))
      out.push(c);
    expect(out.length).toBeGreaterThan(2);
    const files = unzipSync(concatBytes(out));
    expect(strFromU8(files['a.txt']!)).toBe(big.join(''));
    expect([...files['b.bin']!]).toEqual([...raw]);
  });
});
