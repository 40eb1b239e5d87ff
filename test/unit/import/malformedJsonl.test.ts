import { describe, expect, it } from 'vitest';
import type { ImportKind, ImportOptions } from '../../../src/core/import/importTypes';
import { bytes, importText } from './helpers';

const OK = '{"question":"What is 2+2?"}\n';
const PAIR = '{"query":"q","response":"r"}\n';

interface Case {
  name: string;
  input: string | Uint8Array;
  options?: Partial<ImportOptions<ImportKind>>;
  /** Whole-file rejection. */
  fatal?: RegExp;
  /** [line, reason] of every rejected line. */
  rejected?: [number, RegExp][];
  accepted?: number;
}

const q = (body: string) => `${OK}${body}\n`;
const p = (body: string) => `${PAIR}${body}\n`;
const pairs = { kind: 'pairs' } as const;

const CASES: Case[] = [
  // wrong types and missing or empty fields (questions)
  {
    name: 'number question',
    input: q('{"question":5}'),
    rejected: [[2, /"question" must be a string, got a number/]],
  },
  { name: 'null question', input: q('{"question":null}'), rejected: [[2, /got null/]] },
  { name: 'array question', input: q('{"question":["a"]}'), rejected: [[2, /got an array/]] },
  {
    name: 'nested object question',
    input: q('{"question":{"text":"a"}}'),
    rejected: [[2, /got an object/]],
  },
  { name: 'boolean question', input: q('{"question":true}'), rejected: [[2, /got a boolean/]] },
  {
    name: 'missing text field',
    input: q('{"answer":"4"}'),
    rejected: [
      [2, /no text field: expected one of question, query, problem, instruction \(found answer\)/],
    ],
  },
  { name: 'empty object', input: q('{}'), rejected: [[2, /found none/]] },
  { name: 'empty string', input: q('{"question":""}'), rejected: [[2, /"question" is empty/]] },
  {
    name: 'whitespace-only string',
    input: q('{"problem":"  \\n\\t"}'),
    rejected: [[2, /"problem" is empty/]],
  },
  {
    name: 'alpaca input of wrong type',
    input: q('{"instruction":"Solve","input":3}'),
    rejected: [[2, /"input" must be a string/]],
  },
  {
    name: 'forced field missing',
    input: q('{"text":"x"}'),
    options: { field: 'question' },
    rejected: [[2, /missing field "question"/]],
  },
  {
    name: 'escaped lone surrogate',
    input: q('{"question":"bad \\ud800 text"}'),
    rejected: [[2, /unpaired surrogate/]],
  },
  // non-object JSON
  {
    name: 'array line',
    input: q('[1,2]'),
    rejected: [[2, /expected a JSON object, got an array/]],
  },
  { name: 'number line', input: q('42'), rejected: [[2, /got a number/]] },
  { name: 'string line', input: q('"hello"'), rejected: [[2, /got a string/]] },
  { name: 'null line', input: q('null'), rejected: [[2, /got null/]] },
  { name: 'boolean line', input: q('false'), rejected: [[2, /got a boolean/]] },
  // invalid JSON
  { name: 'trailing comma', input: q('{"question":"x",}'), rejected: [[2, /not valid JSON/]] },
  { name: 'unquoted key', input: q('{question:"x"}'), rejected: [[2, /not valid JSON/]] },
  { name: 'single quotes', input: q("{'question':'x'}"), rejected: [[2, /not valid JSON/]] },
  {
    name: 'two objects on one line',
    input: q('{"question":"a"}{"question":"b"}'),
    rejected: [[2, /not valid JSON/]],
  },
  {
    name: 'raw control character in string',
    input: q('{"question":"a\tb"}'),
    rejected: [[2, /not valid JSON/]],
  },
  {
    name: 'BOM in the middle of the file',
    input: q('\uFEFF{"question":"x"}'),
    rejected: [[2, /not valid JSON/]],
  },
  {
    name: 'unclosed object mid-file',
    input: q('{"question":"x"') + OK,
    rejected: [[2, /not valid JSON/]],
    accepted: 2,
  },
  // truncated files
  {
    name: 'last line cut mid-JSON',
    input: `${OK}{"question":"What is`,
    rejected: [[2, /truncated/]],
    accepted: 1,
  },
  { name: 'last line cut after a key', input: `${OK}{"question"`, rejected: [[2, /truncated/]] },
  {
    name: 'last line cut mid-escape',
    input: `${OK}{"question":"a\\`,
    rejected: [[2, /truncated/]],
  },
  { name: 'valid last line without newline', input: `${OK}{"question":"b"}`, accepted: 2 },
  // invalid UTF-8
  {
    name: 'invalid byte 0xff',
    input: bytes(OK, '{"question":"', [0xff], '"}\n'),
    rejected: [[2, /invalid UTF-8/]],
  },
  {
    name: 'overlong encoding',
    input: bytes(OK, '{"question":"', [0xc0, 0xaf], '"}\n'),
    rejected: [[2, /invalid UTF-8/]],
  },
  {
    name: 'encoded surrogate (CESU-8)',
    input: bytes(OK, '{"question":"', [0xed, 0xa0, 0x80], '"}\n'),
    rejected: [[2, /invalid UTF-8/]],
  },
  {
    name: 'stray continuation byte',
    input: bytes(OK, '{"question":"', [0x80], '"}\n'),
    rejected: [[2, /invalid UTF-8/]],
  },
  {
    name: 'Latin-1 text',
    input: bytes(OK, '{"question":"caf', [0xe9], '"}\n'),
    rejected: [[2, /invalid UTF-8/]],
  },
  {
    name: 'multi-byte char cut at end of file',
    input: bytes(OK, '{"question":"caf', [0xc3]),
    rejected: [[2, /invalid UTF-8/]],
  },
  // huge lines
  {
    name: 'line over the limit',
    input: q(`{"question":"${'x'.repeat(3000)}"}`),
    options: { maxLineBytes: 1000 },
    rejected: [[2, /over the 1 KiB limit/]],
  },
  {
    name: 'huge line then a good line',
    input: q(`{"question":"${'y'.repeat(5000)}"}`) + OK,
    options: { maxLineBytes: 1000 },
    rejected: [[2, /limit/]],
    accepted: 2,
  },
  {
    name: 'huge unterminated last line',
    input: `${OK}${'z'.repeat(5000)}`,
    options: { maxLineBytes: 1000 },
    rejected: [[2, /limit/]],
  },
  // duplicate and bad ids
  {
    name: 'duplicate string id',
    input: '{"id":"a","question":"x"}\n{"id":"a","question":"y"}\n',
    rejected: [[2, /duplicate id "a" \(first seen on line 1\)/]],
  },
  {
    name: 'duplicate numeric id',
    input: '{"id":7,"question":"x"}\n{"id":8,"question":"y"}\n{"id":7,"question":"z"}\n',
    rejected: [[3, /duplicate id "7" \(first seen on line 1\)/]],
  },
  {
    name: 'number and string id collide',
    input: '{"id":1,"question":"x"}\n{"id":"1","question":"y"}\n',
    rejected: [[2, /duplicate id "1"/]],
  },
  {
    name: 'custom id field duplicate',
    input: '{"unique_id":"m/1","problem":"x"}\n{"unique_id":"m/1","problem":"y"}\n',
    options: { idField: 'unique_id' },
    rejected: [[2, /duplicate id "m\/1"/]],
  },
  {
    name: 'object id',
    input: q('{"id":{"a":1},"question":"x"}'),
    rejected: [[2, /"id" must be a non-empty string or a number, got an object/]],
  },
  {
    name: 'empty id',
    input: q('{"id":"","question":"x"}'),
    rejected: [[2, /"id" must be a non-empty string/]],
  },
  { name: 'boolean id', input: q('{"id":true,"question":"x"}'), rejected: [[2, /got a boolean/]] },
  // wrong format disguised as JSONL
  {
    name: 'Parquet bytes',
    input: bytes('PAR1', [0x15, 0x04, 0, 0], '\n'),
    fatal: /Parquet file, not JSON Lines/,
  },
  { name: 'gzip bytes', input: bytes([0x1f, 0x8b, 8, 0], 'xx'), fatal: /gzip archive/ },
  { name: 'zip bytes', input: bytes([0x50, 0x4b, 3, 4], 'xx'), fatal: /zip archive/ },
  { name: 'PDF', input: '%PDF-1.7\n...', fatal: /PDF document/ },
  { name: 'binary with NUL bytes', input: bytes('ab', [0, 1, 2], 'cd\n'), fatal: /binary file/ },
  {
    name: 'HTML page',
    input: '<!doctype html>\n<html><body>404</body></html>\n',
    fatal: /HTML\/XML document/,
  },
  { name: 'XML', input: '<?xml version="1.0"?>\n<a/>\n', fatal: /HTML\/XML/ },
  { name: 'CSV', input: 'question,answer\n"What is 2+2?",4\n', fatal: /CSV\/TSV/ },
  { name: 'TSV', input: 'question\tanswer\nx\t4\n', fatal: /CSV\/TSV/ },
  {
    name: 'pretty-printed JSON array',
    input: '[\n  {"question": "x"}\n]\n',
    fatal: /one JSON document \(an array/,
  },
  {
    name: 'pretty-printed JSON object',
    input: '{\n  "question": "x"\n}\n',
    fatal: /one JSON document \(an object/,
  },
  {
    name: 'plain prose',
    input: 'Here are my questions\nWhat is 2+2\n',
    fatal: /not a JSON object/,
  },
  { name: 'empty file', input: '', fatal: /no rows/ },
  { name: 'only blank lines', input: '\n\n  \r\n\n', fatal: /no rows/ },
  // pairs: nested wrong shapes
  {
    name: 'row in another layout than the first',
    input: p('{"messages":"hi"}'),
    options: pairs,
    rejected: [[2, /missing field "query"/]],
  },
  {
    name: 'messages is a string (forced layout)',
    input: '{"messages":"hi"}\n',
    options: { kind: 'pairs', pairFormat: 'messages' },
    rejected: [[1, /"messages" must be an array, got a string/]],
  },
  {
    name: 'message item not an object',
    input: '{"messages":["hi"]}\n',
    options: pairs,
    rejected: [[1, /messages\[0\] must be an object, got a string/]],
  },
  {
    name: 'unknown role',
    input: '{"messages":[{"role":"human","content":"a"}]}\n',
    options: pairs,
    rejected: [[1, /messages\[0\]\.role must be one of system, user, assistant/]],
  },
  {
    name: 'multi-part content',
    input:
      '{"messages":[{"role":"user","content":[{"type":"text"}]},{"role":"assistant","content":"b"}]}\n',
    options: pairs,
    rejected: [[1, /messages\[0\]\.content" must be a string, got an array/]],
  },
  {
    name: 'empty assistant content',
    input: '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":""}]}\n',
    options: pairs,
    rejected: [[1, /messages\[1\]\.content" is empty/]],
  },
  {
    name: 'user only',
    input: '{"messages":[{"role":"user","content":"a"}]}\n',
    options: pairs,
    rejected: [[1, /must be \[system\], user, assistant; got user$/]],
  },
  {
    name: 'assistant before user',
    input: '{"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]}\n',
    options: pairs,
    rejected: [[1, /got assistant, user/]],
  },
  {
    name: 'multi-turn chat',
    input: `{"messages":[${'{"role":"user","content":"a"},{"role":"assistant","content":"b"},'.repeat(2).slice(0, -1)}]}\n`,
    options: pairs,
    rejected: [[1, /has 4 turns; only one user–assistant exchange/]],
  },
  {
    name: 'empty messages',
    input: '{"messages":[]}\n',
    options: pairs,
    rejected: [[1, /got nothing/]],
  },
  {
    name: 'ShareGPT unknown speaker',
    input: '{"conversations":[{"from":"bot","value":"a"}]}\n',
    options: pairs,
    rejected: [[1, /conversations\[0\]\.from must be one of/]],
  },
  {
    name: 'ShareGPT numeric value',
    input: '{"conversations":[{"from":"human","value":1},{"from":"gpt","value":"b"}]}\n',
    options: pairs,
    rejected: [[1, /conversations\[0\]\.value" must be a string, got a number/]],
  },
  {
    name: 'ShareGPT missing value',
    input: '{"conversations":[{"from":"human","value":"a"},{"from":"gpt"}]}\n',
    options: pairs,
    rejected: [[1, /missing field "conversations\[1\]\.value"/]],
  },
  {
    name: 'Alpaca missing output after layout fixed',
    input: '{"instruction":"a","output":"b"}\n{"instruction":"c"}\n',
    options: pairs,
    rejected: [[2, /missing field "output"/]],
  },
  {
    name: 'Alpaca numeric input',
    input: '{"instruction":"a","input":2,"output":"b"}\n',
    options: pairs,
    rejected: [[1, /"input" must be a string, got a number/]],
  },
  {
    name: 'empty response',
    input: p('{"query":"q","response":""}'),
    options: pairs,
    rejected: [[2, /"response" is empty/]],
  },
  {
    name: 'numeric response',
    input: p('{"query":"q","response":4}'),
    options: pairs,
    rejected: [[2, /"response" must be a string, got a number/]],
  },
  {
    name: 'unrecognised pair layout',
    input: '{"q":"a","a":"b"}\n',
    options: pairs,
    rejected: [[1, /unrecognised pair layout.*found q, a/]],
  },
  {
    name: 'forced ShareGPT on query/response rows',
    input: PAIR,
    options: { kind: 'pairs', pairFormat: 'sharegpt' },
    rejected: [[1, /missing field "conversations"/]],
  },
  // reference sets
  {
    name: 'reference without a text field',
    input: '{"text":"ok"}\n{"answer":"4"}\n',
    options: { kind: 'reference' },
    rejected: [[2, /no text field: expected one of text/]],
  },
  {
    name: 'reference forced field of wrong type',
    input: '{"body":"ok"}\n{"body":[1]}\n',
    options: { kind: 'reference', field: 'body' },
    rejected: [[2, /"body" must be a string, got an array/]],
  },
];

describe('JSONL import rejects malformed input with a clear reason', () => {
  it('covers at least 50 malformed cases', () => {
    expect(CASES.filter((c) => c.fatal || c.rejected).length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { records, report } = await importText(c.input, { kind: 'questions', ...c.options });
    if (c.fatal) {
      expect(report.fatal).toMatch(c.fatal);
      expect(records).toEqual([]);
      expect(report.accepted).toBe(0);
      return;
    }
    expect(report.fatal).toBeUndefined();
    expect(report.rejected.map((r) => r.line)).toEqual(c.rejected?.map(([line]) => line) ?? []);
    for (const [i, [, reason]] of (c.rejected ?? []).entries()) {
      expect(report.rejected[i]!.reason).toMatch(reason);
    }
    expect(report.rejectedTotal).toBe(c.rejected?.length ?? 0);
    if (c.accepted !== undefined) expect(report.accepted).toBe(c.accepted);
    expect(records.length).toBe(report.accepted);
  });
});
