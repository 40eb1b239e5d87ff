/**
 * The benchmark test sets the app can use as contamination references when their files are
 * deployed next to it (never copied into the repository): file name and the field holding
 * each question.
 */
export interface BenchmarkFile {
  source: string;
  file: string;
  field: string;
}

export const BENCHMARK_FILES: readonly BenchmarkFile[] = [
  { source: 'gsm8k-test', file: 'gsm8k-test.jsonl', field: 'question' },
  { source: 'math500-test', file: 'math500-test.jsonl', field: 'problem' },
  { source: 'olympiadbench-test', file: 'olympiadbench-test.jsonl', field: 'question' },
];

/** A named list of reference texts (an imported set or a benchmark test set). */
export interface ReferenceTexts {
  source: string;
  texts: string[];
}

/** The string `field` of every JSON line of `jsonl` (blank and malformed lines are skipped). */
export function jsonlField(jsonl: string, field: string): string[] {
  const texts: string[] = [];
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    const value = (row as Record<string, unknown> | null)?.[field];
    if (typeof value === 'string') texts.push(value);
  }
  return texts;
}
