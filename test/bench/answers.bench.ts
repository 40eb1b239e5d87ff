/**
 * Answer extraction and grading on the labelled corpus and on OlympiadBench:
 *   npm run bench -- answers
 * Figures: answers.accuracy on test/fixtures/grading (and per category), agreement with the
 * results Math-Verify's own tests expect, undecided comparisons, grading time per case; then
 * answers.olympiad_extraction: OlympiadBench problems whose first solution's extracted final
 * answer equals `final_answer` by this grader (also over every solution), when ../shared/data
 * is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeAnswer } from '../../src/core/answers/gradeAnswer';
import { extractAnswer } from '../../src/core/answers/extractAnswer';
import { accuracy, gradeCorpus } from '../support/gradingCorpus';
import { sharedDataDir } from '../support/sharedData';

const fixed = (x: number) => x.toFixed(4);

function corpusFigures(): void {
  const results = gradeCorpus();
  console.log(`answers.cases=${results.length}`);
  console.log(`answers.accuracy=${fixed(accuracy(results))}`);
  for (const category of [...new Set(results.map((r) => r.case.category))].sort()) {
    const of = results.filter((r) => r.case.category === category);
    console.log(`answers.accuracy.${category}=${fixed(accuracy(of))} (${of.length} cases)`);
  }
  const mv = results.filter(
    (r) =>
      r.case.category === 'math-verify-tests' &&
      !(r.case.note && r.case.mathVerifyExpects === undefined),
  );
  const agree = mv.filter(
    (r) => (r.verdict === 'equal') === (r.case.mathVerifyExpects ?? r.case.equivalent),
  );
  console.log(
    `answers.math_verify_tests_agreement=${fixed(agree.length / mv.length)} (${agree.length}/${mv.length})`,
  );
  console.log(`answers.undecided=${results.filter((r) => r.verdict === 'undecided').length}`);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const total = ms.reduce((a, b) => a + b, 0);
  console.log(`answers.grade_ms_mean=${(total / ms.length).toFixed(2)}`);
  console.log(`answers.grade_ms_p99=${(ms[Math.floor(ms.length * 0.99)] ?? 0).toFixed(1)}`);
  console.log(`answers.grade_ms_max=${(ms.at(-1) ?? 0).toFixed(1)}`);
}

interface OlympiadRow {
  solution: string[];
  final_answer: string[];
}

function olympiadFigures(): void {
  const file = join(sharedDataDir, 'olympiadbench-test.jsonl');
  if (!existsSync(file)) {
    console.log(`answers.olympiad_extraction=skipped (${file} is absent)`);
    return;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OlympiadRow);
  const found = (solution: string, gold: string) => {
    const answer = extractAnswer(solution);
    return answer !== null && gradeAnswer(gold, answer).verdict === 'equal';
  };
  let first = 0;
  let all = 0;
  let solutions = 0;
  for (const row of rows) {
    const gold = row.final_answer.join(', ');
    row.solution.forEach((s, k) => {
      solutions++;
      const ok = found(s, gold);
      if (ok) all++;
      if (ok && k === 0) first++;
    });
  }
  console.log(
    `answers.olympiad_extraction=${fixed(first / rows.length)} (${first}/${rows.length} problems, first solution)`,
  );
  console.log(
    `answers.olympiad_extraction_all_solutions=${fixed(all / solutions)} (${all}/${solutions})`,
  );
}

export default async function (): Promise<void> {
  await Promise.resolve();
  corpusFigures();
  olympiadFigures();
}
