import type { CliCommand } from '../cliCommand';
import { DEFAULT_PRECISION } from '../../core/answers/answerEquivalence';
import { gradeAnswer } from '../../core/answers/gradeAnswer';
import { DEFAULT_BUDGET } from '../../core/answers/symbolicSession';
import { wholeFlag, readFlags } from '../flags';
import { IO_FLAGS, ioFiles } from '../ioOptions';
import { lineReader, mapJsonLines, textValue } from '../jsonLineStage';

const readLine = lineReader(
  { expected: textValue, predicted: textValue },
  (field) => `field "${field}" must be a string`,
);

export const gradeCommand: CliCommand = {
  name: 'grade',
  summary: 'check predicted answers against expected ones by value (JSONL in, JSONL out)',
  usage: `Usage: scalequest grade [--input FILE] [--output FILE] [--precision N] [--time-limit-ms MS]

Reads JSONL lines {"expected": "<answer>", "predicted": "<answer or whole solution>"} and
writes one line per input line, in order:
  {"equivalent": true|false, "verdict": "equal"|"different"|"undecided",
   "expected_answer": "…", "predicted_answer": "…" | null}
Both sides are read the same way: a bare answer as a whole; a solution for the answer it
states (the last \\boxed{}, "final answer … is", GSM8K's "####", "answer: …", else its last
math or number). Answers are compared by value: numbers (separators, decimal comma, percent),
fractions, units stripped, relations, tuples/intervals/sets/matrices, and symbolic equality.
"undecided" means the symbolic comparison hit its step or time limit, or an answer's value
is too large to build; it counts as not equivalent, and "reason" says which. A summary goes to stderr. A malformed line yields
{"error": "…"} in its place and the exit code becomes 1.

Options:
  --input FILE         read from FILE instead of stdin
  --output FILE        write to FILE instead of stdout
  --precision N        decimal places compared when an answer is a rounded decimal
                       (default ${DEFAULT_PRECISION}, as Math-Verify)
  --time-limit-ms MS   symbolic work allowed per line (default ${DEFAULT_BUDGET.timeMs})`,
  async run(args, io) {
    const flags = readFlags(args, {
      ...IO_FLAGS,
      precision: { type: 'string' },
      'time-limit-ms': { type: 'string' },
    });
    const options = ioFiles(flags);
    const limit = wholeFlag('time-limit-ms', flags['time-limit-ms'], 1, 600_000);
    const compare = {
      precision: wholeFlag('precision', flags.precision, 0, 15) ?? DEFAULT_PRECISION,
      budget: { ...DEFAULT_BUDGET, ...(limit ? { timeMs: limit } : {}) },
    };
    let equivalent = 0;
    let undecided = 0;
    const counts = await mapJsonLines(options, io, (value) => {
      const line = readLine(value);
      if (!line.ok) return line;
      const { expected, predicted } = line.value;
      const grade = gradeAnswer(expected, predicted, compare);
      if (grade.verdict === 'equal') equivalent++;
      if (grade.verdict === 'undecided') undecided++;
      return {
        ok: true,
        value: {
          equivalent: grade.verdict === 'equal',
          verdict: grade.verdict,
          expected_answer: grade.expected,
          predicted_answer: grade.predicted,
          ...(grade.reason ? { reason: grade.reason } : {}),
        },
      };
    });
    const graded = counts.lines - counts.errors;
    const percent = graded ? ((100 * equivalent) / graded).toFixed(1) : '0.0';
    const open = undecided ? `, ${undecided} undecided (counted as not equivalent)` : '';
    const errors = counts.errors ? `, ${counts.errors} malformed` : '';
    io.stderr.write(`graded ${graded}: ${equivalent} equivalent (${percent}%)${open}${errors}\n`);
    return counts.errors > 0 ? 1 : 0;
  },
};
