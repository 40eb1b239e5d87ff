import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A benchmark test set used as a contamination reference. */
export interface ReferenceSet {
  source: string;
  texts: string[];
}

/** Shared benchmark files and the field that holds each question. */
export const BENCHMARK_FILES: readonly { source: string; file: string; field: string }[] = [
  { source: 'gsm8k-test', file: 'gsm8k-test.jsonl', field: 'question' },
  { source: 'math500-test', file: 'math500-test.jsonl', field: 'problem' },
  { source: 'olympiadbench-test', file: 'olympiadbench-test.jsonl', field: 'question' },
];

/** Reads one string field from every line of a JSONL file. */
export function readJsonlField(path: string, field: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const value = (JSON.parse(line) as Record<string, unknown>)[field];
    if (typeof value === 'string') texts.push(value);
  }
  return texts;
}

/** Loads the benchmark test sets present in `dir` (missing files are skipped). */
export function loadBenchmarkReferenceSets(dir: string): ReferenceSet[] {
  return BENCHMARK_FILES.filter(({ file }) => existsSync(join(dir, file))).map(
    ({ source, file, field }) => ({ source, texts: readJsonlField(join(dir, file), field) }),
  );
}
