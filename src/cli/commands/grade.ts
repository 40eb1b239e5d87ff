import type { CliCommand } from '../cliCommand';
import { answersEquivalent } from '../../core/answers/answerEquivalence';
import { extractAnswer } from '../../core/answers/extractAnswer';
import { parseIoOptions } from '../ioOptions';
import { mapJsonLines, stringField } from '../jsonLineStage';

/** Longer than any bare answer the benchmarks contain; longer text is treated as a solution. */
const SOLUTION_LENGTH = 120;

/** A whole solution (rather than a bare answer) is graded on the answer it states. */
export function looksLikeSolution(text: string): boolean {
  return (
    /\\(?:boxed|fbox)|answer\s*(?:is|:)|####/i.test(text) ||
    text.trim().includes('\n') ||
    text.length > SOLUTION_LENGTH
  );
}

export const gradeCommand: CliCommand = {
  name: 'grade',
  summary: 'check predicted answers against expected ones by value (JSONL in, JSONL out)',
  usage: `Usage: scalequest grade [--input FILE] [--output FILE]

Reads JSONL lines {"expected": "<answer>", "predicted": "<answer or whole solution>"} and
writes one line per input line, in order: {"equivalent": true|false}. Answers are compared by
value (numbers, fractions, percentages, units stripped, tuples/intervals, symbolic equality).
A predicted solution (with \\boxed, "answer is", "####", several lines or long text) is graded
on the answer it states. A summary goes to stderr. A malformed line yields {"error": "…"} in
its place and the exit code becomes 1.

Options:
  --input FILE   read from FILE instead of stdin
  --output FILE  write to FILE instead of stdout`,
  async run(args, io) {
    const options = parseIoOptions(args);
    let equivalent = 0;
    const counts = await mapJsonLines(options, io, (value) => {
      const expected = stringField(value, 'expected');
      if (typeof expected !== 'string') return { ok: false, error: expected.error };
      const predicted = stringField(value, 'predicted');
      if (typeof predicted !== 'string') return { ok: false, error: predicted.error };
      const answer = looksLikeSolution(predicted) ? extractAnswer(predicted) : predicted;
      const same = answer !== null && answersEquivalent(expected, answer);
      if (same) equivalent++;
      return { ok: true, value: { equivalent: same } };
    });
    const graded = counts.lines - counts.errors;
    const percent = graded ? ((100 * equivalent) / graded).toFixed(1) : '0.0';
    const errors = counts.errors ? `, ${counts.errors} malformed` : '';
    io.stderr.write(`graded ${graded}: ${equivalent} equivalent (${percent}%)${errors}\n`);
    return counts.errors > 0 ? 1 : 0;
  },
};
