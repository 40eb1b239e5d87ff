import { existsSync } from 'node:fs';
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
