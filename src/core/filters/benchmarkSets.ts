/**
 * The benchmark test sets built into the studio as contamination references. Their questions are
 * carried by the repository (reference-sets/, one JSON string per line, gzipped), emitted into the
 * app at build time (vite.config.ts) and read by the CLI from the same files. (No imports here:
 * vite.config.ts loads this file.)
 */
export interface BuiltInReferenceSet {
  /** The set's name in verdicts, aggregates and the card. */
  source: string;
  /** What it is, for people. */
  title: string;
  questions: number;
  license: string;
  /** File name in reference-sets/. */
  file: string;
}

export const BUILT_IN_REFERENCE_SETS: readonly BuiltInReferenceSet[] = [
  {
    source: 'gsm8k-test',
    title: 'GSM8K test questions',
    questions: 1319,
    license: 'MIT',
    file: 'gsm8k-test.questions.jsonl.gz',
  },
  {
    source: 'math500-test',
    title: 'MATH500 test problems',
    questions: 500,
    license: 'MIT',
    file: 'math500-test.questions.jsonl.gz',
  },
  {
    source: 'olympiadbench-test',
    title: 'OlympiadBench test questions (English, text-only math)',
    questions: 675,
    license: 'Apache-2.0',
    file: 'olympiadbench-test.questions.jsonl.gz',
  },
];

/** A built set as the build lists it in reference-sets/index.json (file name content-hashed). */
export interface BuiltReferenceFile {
  source: string;
  file: string;
}

/** A named list of reference texts (an imported set or a built-in benchmark set). */
export interface ReferenceTexts {
  source: string;
  texts: string[];
}

/** The questions of a reference-sets file: one JSON string per line (blank lines ignored). */
export function questionLines(text: string): string[] {
  const questions: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'string') throw new Error('a reference-set line is not a JSON string');
    questions.push(value);
  }
  return questions;
}
