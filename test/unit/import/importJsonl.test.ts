import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSONL_FORMATS, writeJsonl } from '../../../src/core/export/jsonlExport';
import { importJsonl } from '../../../src/core/import/importJsonl';
import { splitLines } from '../../../src/core/import/splitLines';
import { bytes, chunked, enc, importText } from './helpers';

const PAIRS = [
  { query: 'What is $2+2$?', response: 'It is \\boxed{4}.' },
  { query: 'Ünïcödé 🙂\nline two', response: 'résumé ✓' },
];

async function exported(format: (typeof JSONL_FORMATS)[number], system?: string): Promise<string> {
  let text = '';
  for await (const c of writeJsonl(PAIRS, { format, ...(system ? { system } : {}) })) text += c;
  return text;
}

describe('JSONL import', () => {
  it.each(JSONL_FORMATS)(
    'reads back what the %s writer wrote, detecting the layout',
    async (format) => {
      const { records, report } = await importText(await exported(format), { kind: 'pairs' });
      expect(report).toMatchObject({
        accepted: 2,
        rejectedTotal: 0,
        pairFormat: format,
        unit: 'line',
      });
      expect(records).toEqual(PAIRS.map((p, i) => ({ ...p, line: i + 1 })));
    },
  );

  it('keeps the system prompt of chat layouts', async () => {
    for (const format of ['messages', 'sharegpt'] as const) {
      const { records } = await importText(await exported(format, 'Be brief.'), { kind: 'pairs' });
      expect(records[0]).toEqual({ ...PAIRS[0], system: 'Be brief.', line: 1 });
    }
  });

  it('reads questions from question, query, problem or instruction (+ input)', async () => {
    const text = [
      '{"question":"a"}',
      '{"query":"b"}',
      '{"problem":"c","id":3}',
      '{"instruction":"Solve","input":"x+1=2"}',
    ].join('\n');
    const { records } = await importText(text, { kind: 'questions' });
    expect(records).toEqual([
      { question: 'a', line: 1 },
      { question: 'b', line: 2 },
      { question: 'c', id: '3', line: 3 },
      { question: 'Solve\n\nx+1=2', line: 4 },
    ]);
  });

  it('handles BOM, CRLF and blank lines, keeping real line numbers', async () => {
    const text = '\uFEFF{"question":"a"}\r\n\r\n   \r\n{"question":"b"}\r\n{"question":1}\r\n';
    const { records, report } = await importText(text, { kind: 'questions' });
    expect(records).toEqual([
      { question: 'a', line: 1 },
      { question: 'b', line: 4 },
    ]);
    expect(report.rejected).toEqual([
      { line: 5, reason: 'field "question" must be a string, got a number' },
    ]);
    expect(report.warnings).toEqual([
      'removed a byte order mark (BOM) at the start of the file',
      'skipped 2 blank lines',
    ]);
  });

  it('decodes multi-byte characters split across 1-byte chunks', async () => {
    const data = enc('{"text":"∑ 🙂 é"}\n{"text":"ok"}\n');
    const { records } = await importJsonl(chunked(data, 1), { kind: 'reference' });
    expect(records.map((r) => r.text)).toEqual(['∑ 🙂 é', 'ok']);
  });

  it('reads from a ReadableStream', async () => {
    const data = enc('{"text":"one"}\n{"text":"two"}\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice(0, 10));
        controller.enqueue(data.slice(10));
        controller.close();
      },
    });
    const { records } = await importJsonl(stream, { kind: 'reference' });
    expect(records.map((r) => r.text)).toEqual(['one', 'two']);
  });

  it('lists at most maxRejectedListed rejections but counts all', async () => {
    const text = `{"question":"a"}\n${'{"question":1}\n'.repeat(30)}`;
    const { report } = await importText(text, { kind: 'questions', maxRejectedListed: 5 });
    expect(report.rejected).toHaveLength(5);
    expect(report.rejectedTotal).toBe(30);
    expect(report.warnings).toContain('only the first 5 of 30 rejections are listed');
  });

  it('warns about exact repeats without rejecting them', async () => {
    const { report } = await importText('{"question":"a"}\n{"question":"a"}\n', {
      kind: 'questions',
    });
    expect(report.accepted).toBe(2);
    expect(report.warnings).toEqual(['1 accepted lines repeat an earlier text exactly']);
  });

  it('never buffers an over-long line', async () => {
    const long = bytes('x'.repeat(10_000), '\nshort\n');
    const lines = [];
    for await (const l of splitLines(chunked(long, 100), 500)) lines.push(l);
    expect(lines.map((l) => [l.line, l.bytes?.length ?? null, l.byteLength, l.terminated])).toEqual(
      [
        [1, null, 10_000, true],
        [2, 5, 5, true],
      ],
    );
  });
});

const data = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
describe.skipIf(!existsSync(data))('real benchmark files', () => {
  it('imports GSM8K test questions and MATH500 as a reference set', async () => {
    const gsm8k = await importJsonl(chunked(readFileSync(`${data}gsm8k-test.jsonl`), 65536), {
      kind: 'questions',
    });
    expect(gsm8k.report).toMatchObject({ accepted: 1319, rejectedTotal: 0 });
    const math = await importJsonl(readFileSync(`${data}math500-test.jsonl`), {
      kind: 'reference',
      field: 'problem',
      idField: 'unique_id',
    });
    expect(math.report).toMatchObject({ accepted: 500, rejectedTotal: 0 });
    expect(math.records[0]!.id).toMatch(/^test\//);
    const olympiad = await importJsonl(readFileSync(`${data}olympiadbench-test.jsonl`), {
      kind: 'reference',
    });
    expect(olympiad.report).toMatchObject({ accepted: 675, rejectedTotal: 0 });
  });
});
