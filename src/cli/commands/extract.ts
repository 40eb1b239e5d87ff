import type { CliCommand } from '../cliCommand';
import { extractFinalAnswer } from '../../core/answers/extractAnswer';
import { parseIoOptions } from '../ioOptions';
import { lineReader, mapJsonLines, textValue } from '../jsonLineStage';

const readLine = lineReader(
  { response: textValue },
  (field) => `field "${field}" must be a string`,
);

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'pull the final answer out of each solution (JSONL in, JSONL out)',
  usage: `Usage: scalequest extract [--input FILE] [--output FILE]

Reads JSONL lines {"response": "<solution text>"} and writes one line per input line, in order:
{"answer": "<final answer>", "from": "<where>"} or {"answer": null} when the solution states none.
Ranked as Math-Verify ranks them, the rightmost first within a rank: the last \\boxed{} (boxes
joined by "and"/commas count together), "final answer … is X", GSM8K's "#### n" ("from":
"boxed", "final-answer", "gsm8k"); then "answer: X" / "the answer is X" ("answer"); then the
last math span or plain number ("math", "number"). Numbers inside LaTeX, or glued to a word
("AZYUK2A"), are never read on their own.
A malformed line yields {"error": "…"} in its place and the exit code becomes 1.

Options:
  --input FILE   read from FILE instead of stdin
  --output FILE  write to FILE instead of stdout`,
  async run(args, io) {
    const options = parseIoOptions(args);
    const counts = await mapJsonLines(options, io, (value) => {
      const line = readLine(value);
      if (!line.ok) return line;
      const found = extractFinalAnswer(line.value.response);
      return {
        ok: true,
        value: found ? { answer: found.answer, from: found.source } : { answer: null },
      };
    });
    io.stderr.write(`extracted ${counts.lines - counts.errors} of ${counts.lines} lines\n`);
    return counts.errors > 0 ? 1 : 0;
  },
};
