import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonlField } from '../../src/cli/referenceSets';

/** The shared public math data (never copied into the repo); absent on some machines. */
export const sharedDataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export const hasSharedData = existsSync(join(sharedDataDir, 'gsm8k-train.jsonl'));

export function sharedQuestions(
  file: 'gsm8k-train' | 'gsm8k-test' | 'math500-test' | 'olympiadbench-test',
): string[] {
  const field = file === 'math500-test' ? 'problem' : 'question';
  return readJsonlField(join(sharedDataDir, `${file}.jsonl`), field);
}

interface SharedRow {
  question?: string;
  problem?: string;
  answer?: string;
  solution?: string | string[];
}

/**
 * Real question–solution pairs: GSM8K train (worked answers), MATH500 and OlympiadBench
 * (LaTeX solutions), for benchmarks that should see real text sizes and real compressibility.
 */
export function sharedPairs(): { query: string; response: string }[] {
  const pairs: { query: string; response: string }[] = [];
  for (const file of ['gsm8k-train', 'math500-test', 'olympiadbench-test']) {
    const lines = readFileSync(join(sharedDataDir, `${file}.jsonl`), 'utf8').split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as SharedRow;
      const query = row.question ?? row.problem;
      const solution = Array.isArray(row.solution) ? row.solution.join('\n') : row.solution;
      const response = file === 'gsm8k-train' ? row.answer : solution;
      if (query && response) pairs.push({ query, response });
    }
  }
  return pairs;
}
