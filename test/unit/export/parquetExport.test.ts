import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { CONTAMINATION_COLUMNS, writeParquet } from '../../../src/core/export/parquetExport';
import { collectBytes, concatBytes } from '../../support/byteChunks';
import { FLAGGED_PAIRS, SAMPLE_PAIRS } from '../../support/exportPairs';

function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function hasPyarrow(): boolean {
  try {
    execFileSync('python3', ['-c', 'import pyarrow'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('Parquet export', () => {
  it('round trips query and response, with PAR1 at both ends', async () => {
    const bytes = await collectBytes(writeParquet(SAMPLE_PAIRS));
    const text = new TextDecoder().decode(bytes.subarray(0, 4));
    expect(text).toBe('PAR1');
    expect(new TextDecoder().decode(bytes.subarray(-4))).toBe('PAR1');
    const rows = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(rows).toEqual(SAMPLE_PAIRS.map((p) => ({ query: p.query, response: p.response })));
  });

  it('writes the contamination flag columns (null where the check did not run)', async () => {
    const bytes = await collectBytes(
      writeParquet(FLAGGED_PAIRS, { metadataColumns: CONTAMINATION_COLUMNS }),
    );
    const rows = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(
      rows.map((r): unknown[] => [r.contaminated, r.contamination_source, r.contamination_overlap]),
    ).toEqual([
      [true, 'gsm8k-test', 0.9],
      [false, null, 0.1],
      [null, null, null],
    ]);
  });

  it('writes metadata columns with nulls for missing values', async () => {
    const bytes = await collectBytes(
      writeParquet(SAMPLE_PAIRS, { metadataColumns: ['run_id', 'agreement', 'majority_answer'] }),
    );
    const rows = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(rows.map((r): unknown[] => [r.run_id, r.agreement, r.majority_answer])).toEqual([
      ['r1', 1, '2'],
      ['r1', 0.5, null],
      ['r2', null, null],
    ]);
  });

  it('splits into row groups and yields bytes per group', async () => {
    const pairs = Array.from({ length: 25 }, (_, i) => ({ query: `q${i}`, response: `r${i}` }));
    const chunks: Uint8Array[] = [];
    for await (const c of writeParquet(pairs, { rowGroupSize: 7 })) chunks.push(c);
    expect(chunks.length).toBe(4); // three full groups, then the last group with the footer
    const bytes = concatBytes(chunks);
    const meta = parquetMetadata(asArrayBuffer(bytes));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([7, 7, 7, 4]);
    expect(meta.schema.map((s) => s.name)).toEqual(['schema', 'query', 'response']);
    expect(await parquetReadObjects({ file: asArrayBuffer(bytes) })).toEqual(pairs);
  });

  it('writes a valid empty file', async () => {
    const bytes = await collectBytes(writeParquet([]));
    expect(Number(parquetMetadata(asArrayBuffer(bytes)).num_rows)).toBe(0);
  });

  const gsm8k = fileURLToPath(new URL('../../../../shared/data/gsm8k-test.jsonl', import.meta.url));
  it.skipIf(!existsSync(gsm8k))('round trips real GSM8K test pairs', async () => {
    const pairs = readFileSync(gsm8k, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string; answer: string })
      .map((r) => ({ query: r.question, response: r.answer }));
    const bytes = await collectBytes(writeParquet(pairs, { rowGroupSize: 500 }));
    const rows = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(rows.length).toBe(1319);
    expect(rows).toEqual(pairs);
  });

  it.skipIf(!hasPyarrow())('pyarrow reads the same rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sq-parquet-'));
    try {
      const file = join(dir, 'train.parquet');
      writeFileSync(
        file,
        await collectBytes(writeParquet(SAMPLE_PAIRS, { metadataColumns: ['agreement'] })),
      );
      const script =
        'import json,sys,pyarrow.parquet as pq; print(json.dumps(pq.read_table(sys.argv[1]).to_pylist()))';
      const out = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(
        SAMPLE_PAIRS.map((p) => ({
          query: p.query,
          response: p.response,
          agreement: p.agreement ?? null,
        })),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
