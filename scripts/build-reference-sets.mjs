// Rebuilds reference-sets/*.questions.jsonl.gz (the studio's built-in contamination reference)
// from the public benchmark files: only the test questions, one JSON string per line, gzipped
// deterministically. Usage: node scripts/build-reference-sets.mjs <folder with the .jsonl files>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const SETS = [
  { source: 'gsm8k-test', file: 'gsm8k-test.jsonl', field: 'question' },
  { source: 'math500-test', file: 'math500-test.jsonl', field: 'problem' },
  { source: 'olympiadbench-test', file: 'olympiadbench-test.jsonl', field: 'question' },
];

const from = process.argv[2];
if (!from) {
  console.error(
    'usage: node scripts/build-reference-sets.mjs <folder with the benchmark .jsonl files>',
  );
  process.exit(2);
}
const out = new URL('../reference-sets/', import.meta.url);
for (const { source, file, field } of SETS) {
  const questions = readFileSync(join(from, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line)[field]);
  if (questions.some((q) => typeof q !== 'string'))
    throw new Error(`${file}: a row lacks "${field}"`);
  const text = `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`;
  // gzip leaves the timestamp at 0: the same input gives the same bytes.
  const gz = gzipSync(text, { level: 9 });
  writeFileSync(new URL(`${source}.questions.jsonl.gz`, out), gz);
  console.log(
    `${source}: ${questions.length} questions, ${text.length} bytes, ${gz.length} gzipped`,
  );
}
