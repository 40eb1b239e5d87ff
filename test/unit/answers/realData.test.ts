import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answersEquivalent } from '../../../src/core/answers/answerEquivalence';
import { extractAnswer } from '../../../src/core/answers/extractAnswer';

const dataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const hasData = existsSync(dataDir);
if (!hasData) console.log(`skipping real-data answer tests: ${dataDir} is absent`);

function readRows<T>(file: string): T[] {
  return readFileSync(`${dataDir}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

describe.skipIf(!hasData)('answer extraction on real benchmark data', () => {
  it('reads the "#### n" answer of every GSM8K test solution', () => {
    const rows = readRows<{ answer: string }>('gsm8k-test.jsonl');
    const misses = rows.filter((row) => {
      const expected = Number(row.answer.split('####').at(-1)?.trim().replace(/,/g, ''));
      const extracted = extractAnswer(row.answer);
      return extracted === null || Number(extracted.replace(/,/g, '')) !== expected;
    });
    const rate = 1 - misses.length / rows.length;
    console.log(
      `gsm8k-test extraction: ${rows.length - misses.length}/${rows.length} (${(100 * rate).toFixed(2)}%)`,
    );
    expect(rows.length).toBe(1319);
    expect(misses).toEqual([]);
  });

  it('matches the boxed answer of MATH500 solutions with the answer field by value', () => {
    const rows = readRows<{ solution: string; answer: string }>('math500-test.jsonl');
    const misses = rows.filter((row) => {
      const extracted = extractAnswer(row.solution);
      return extracted === null || !answersEquivalent(row.answer, extracted);
    });
    const rate = 1 - misses.length / rows.length;
    console.log(
      `math500 extraction+equivalence: ${rows.length - misses.length}/${rows.length} (${(100 * rate).toFixed(2)}%)`,
    );
    expect(rows.length).toBe(500);
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });

  it('does not call different MATH500 answers equivalent', () => {
    // Each answer against the next distinct one: a near-total "equivalent" rate would mean
    // the comparison is too lenient to be useful
    const answers = [
      ...new Set(readRows<{ answer: string }>('math500-test.jsonl').map((r) => r.answer)),
    ];
    const pairs = answers.map((a, k) => [a, answers[(k + 1) % answers.length] ?? ''] as const);
    const falsePositives = pairs.filter(([a, b]) => answersEquivalent(a, b));
    console.log(
      `math500 distinct-answer pairs judged equivalent: ${falsePositives.length}/${pairs.length}`,
    );
    expect(falsePositives.length).toBeLessThanOrEqual(2);
  });
});
