import type { CliCommand } from '../cliCommand';
import { extractAnswer } from '../../core/answers/extractAnswer';
import { parseIoOptions } from '../ioOptions';
import { mapJsonLines, stringField } from '../jsonLineStage';

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'pull the final answer out of each solution (JSONL in, JSONL out)',
  usage: `Usage: scalequest extract [--input FILE] [--output FILE]

Reads JSONL lines {"response": "<solution text>"} and writes one line per input line, in order:
{"answer": "<final answer>"} or {"answer": null} when the solution states none.
The answer is the last \\boxed{…}, else GSM8K's "#### n", else the text after
"the answer is" / "final answer is", else the last number.
A malformed line yields {"error": "…"} in its place and the exit code becomes 1.

Options:
  --input FILE   read from FILE instead of stdin
  --output FILE  write to FILE instead of stdout`,
  async run(args, io) {
    const options = parseIoOptions(args);
    const counts = await mapJsonLines(options, io, (value) => {
      const response = stringField(value, 'response');
      if (typeof response !== 'string') return { ok: false, error: response.error };
      return { ok: true, value: { answer: extractAnswer(response) } };
    });
    io.stderr.write(`extracted ${counts.lines - counts.errors} of ${counts.lines} lines\n`);
    return counts.errors > 0 ? 1 : 0;
  },
};
