import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRECISION, type Verdict } from '../../src/core/answers/answerEquivalence';
import { gradeAnswer } from '../../src/core/answers/gradeAnswer';

/** One labelled grading case of test/fixtures/grading/*.jsonl (see the README there). */
export interface GradingCase {
  category: string;
  expected: string;
  predicted: string;
  equivalent: boolean;
  source: string;
  precision?: number;
  note?: string;
  /** For Math-Verify's own tests relabelled here: what its test expects. */
  mathVerifyExpects?: boolean;
}

export const GRADING_CORPUS_FILES = [
  'math-verify-tests.jsonl',
  'studio-cases.jsonl',
  'benchmark-rewrites.jsonl',
] as const;

const dir = fileURLToPath(new URL('../fixtures/grading/', import.meta.url));

/** Every case of the grading corpus, file by file, in file order. */
export function gradingCorpus(): GradingCase[] {
  return GRADING_CORPUS_FILES.flatMap((file) =>
    readFileSync(`${dir}${file}`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as GradingCase),
  );
}

export interface CorpusResult {
  case: GradingCase;
  verdict: Verdict;
  right: boolean;
  ms: number;
}

/** Grades every case as `scalequest grade` would (its precision, the default budget). */
export function gradeCorpus(cases: readonly GradingCase[] = gradingCorpus()): CorpusResult[] {
  return cases.map((c) => {
    const start = performance.now();
    const grade = gradeAnswer(c.expected, c.predicted, {
      precision: c.precision ?? DEFAULT_PRECISION,
    });
    const ms = performance.now() - start;
    return {
      case: c,
      verdict: grade.verdict,
      right: (grade.verdict === 'equal') === c.equivalent,
      ms,
    };
  });
}

/** Share of results graded right. */
export function accuracy(results: readonly CorpusResult[]): number {
  return results.length ? results.filter((r) => r.right).length / results.length : 0;
}
