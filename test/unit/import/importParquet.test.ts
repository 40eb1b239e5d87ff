import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { writeParquet } from '../../../src/core/export/parquetExport';
import { fileFromBytes, importFile } from '../../../src/core/import/importFile';
import { importParquet } from '../../../src/core/import/importParquet';
import { enc } from './helpers';
import { collectBytes } from '../../support/byteChunks';

const PAIRS = Array.from({ length: 23 }, (_, i) => ({ query: `q${i} ∑`, response: `r${i}` }));

function parquetOf(pairs = PAIRS, rowGroupSize = 10): Promise<Uint8Array> {
  return collectBytes(writeParquet(pairs, { rowGroupSize }));
}

const buffer = (b: Uint8Array) => b.slice().buffer;

describe('Parquet import', () => {
  it('reads pairs back across row groups, numbering rows from 1', async () => {
    const { records, report } = await importParquet(buffer(await parquetOf()), { kind: 'pairs' });
    expect(report).toMatchObject({
      accepted: 23,
      rejectedTotal: 0,
      unit: 'row',
      format: 'parquet',
    });
    expect(records).toEqual(PAIRS.map((p, i) => ({ ...p, line: i + 1 })));
  });

  it('reads questions and reference texts from the query column', async () => {
    const file = buffer(await parquetOf());
    const questions = await importParquet(file, { kind: 'questions' });
    expect(questions.records[22]).toEqual({ question: 'q22 ∑', line: 23 });
    const reference = await importParquet(file, { kind: 'reference', field: 'response' });
    expect(reference.records[0]).toEqual({ text: 'r0', line: 1 });
  });

  it('rejects rows with wrong types, empty text and duplicate ids', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1n, 2n, 1n, 4n], type: 'INT64' },
        { name: 'question', data: ['a', '', 'c', null], type: 'STRING' },
      ],
    });
    const { records, report } = await importParquet(file, { kind: 'questions' });
    expect(records).toEqual([{ id: '1', question: 'a', line: 1 }]);
    expect(report.rejected).toEqual([
      { line: 2, reason: 'field "question" is empty' },
      { line: 3, reason: 'duplicate id "1" (first seen on row 1)' },
      { line: 4, reason: 'field "question" must be a string, got null' },
    ]);
  });

  it('rejects a numeric text column row by row', async () => {
    const file = parquetWriteBuffer({
      columnData: [{ name: 'query', data: [1, 2], type: 'INT32' }],
    });
    const { report } = await importParquet(file, { kind: 'questions' });
    expect(report.rejected.map((r) => r.reason)).toEqual([
      'field "query" must be a string, got a number',
      'field "query" must be a string, got a number',
    ]);
  });

  it('reads nested chat columns', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        {
          name: 'messages',
          data: [
            [
              { role: 'user', content: 'u' },
              { role: 'assistant', content: 'a' },
            ],
          ],
        },
      ],
    });
    const { records, report } = await importParquet(file, { kind: 'pairs' });
    expect(report.pairFormat).toBe('messages');
    expect(records).toEqual([{ query: 'u', response: 'a', line: 1 }]);
  });

  it.each([
    ['too small', () => enc('PAR1'), /too small/],
    ['JSONL named .parquet', () => enc('{"query":"a","response":"b"}\n'), /not a Parquet file/],
    ['cut before the footer', (b: Uint8Array) => b.slice(0, b.length - 9), /truncated/],
    ['corrupt footer', (b: Uint8Array) => corruptFooter(b), /footer cannot be read/],
  ])('is fatal for a file that is %s', async (_name, make, reason) => {
    const { records, report } = await importParquet(buffer(make(await parquetOf())), {
      kind: 'pairs',
    });
    expect(report.fatal).toMatch(reason);
    expect(records).toEqual([]);
  });
});

function corruptFooter(b: Uint8Array): Uint8Array {
  const out = b.slice();
  const view = new DataView(out.buffer);
  const footerLength = view.getUint32(out.length - 8, true);
  out.fill(0xff, out.length - 8 - footerLength, out.length - 8);
  return out;
}

describe('importFile trusts content over the file name', () => {
  it('reads a Parquet file named .jsonl, with a warning', async () => {
    const { records, report } = await importFile(fileFromBytes('pairs.jsonl', await parquetOf()), {
      kind: 'pairs',
    });
    expect(records).toHaveLength(23);
    expect(report.format).toBe('parquet');
    expect(report.warnings[0]).toMatch(/named like JSON Lines but holds Parquet/);
  });

  it('reads JSONL named .parquet, with a warning', async () => {
    const file = fileFromBytes('x.parquet', enc('{"question":"a"}\n'));
    const { records, report } = await importFile(file, { kind: 'questions' });
    expect(records).toEqual([{ question: 'a', line: 1 }]);
    expect(report.warnings[0]).toMatch(/named like Parquet but holds JSON Lines/);
  });

  it('is fatal when a forced format does not match the content', async () => {
    const asJsonl = await importFile(fileFromBytes('x.jsonl', await parquetOf()), {
      kind: 'pairs',
      format: 'jsonl',
    });
    expect(asJsonl.report.fatal).toMatch(/Parquet file, not JSON Lines/);
    const asParquet = await importFile(fileFromBytes('x.jsonl', enc('{"question":"a"}\n')), {
      kind: 'questions',
      format: 'parquet',
    });
    expect(asParquet.report.fatal).toMatch(/not a Parquet file/);
  });

  it('reads from a Blob like a browser File', async () => {
    const { fileFromBlob } = await import('../../../src/core/import/importFile');
    const blob = new Blob([buffer(await parquetOf())]);
    const { records } = await importFile(fileFromBlob(blob, 'a.parquet'), { kind: 'pairs' });
    expect(records).toHaveLength(23);
    const text = new Blob(['{"text":"t"}\n']);
    const ref = await importFile(fileFromBlob(text, 'ref.jsonl'), { kind: 'reference' });
    expect(ref.records).toEqual([{ text: 't', line: 1 }]);
  });
});
