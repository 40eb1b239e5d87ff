import type { CliCommand, CliIo } from '../cliCommand';
import { nonEmpty, numberFlag, readFlags } from '../flags';
import * as v from 'valibot';
import { openInput, openOutput, readJsonLines, writeJsonLine } from '../jsonLines';
import { lineReader } from '../jsonLineStage';
import { DedupIndex } from '../../core/dedup/dedupIndex';
import type { DedupResult } from '../../core/dedup/dedupIndex';

const usage = `Usage: scalequest dedup [--input <file>] [--output <file>] [--threshold <j>] [--mask-numbers]

Marks exact and near-duplicate questions. Input: JSON lines {"id": "...", "text": "..."}.
Output: one line per input line, in order: {"id": "...", "duplicate_of": "<id>" | null}
(the first occurrence is the original). A malformed line gets {"line": n, "error": "..."}
and the exit code is 1 at the end. A summary goes to stderr.

Options:
  --input <file>      read from a file (default: stdin)
  --output <file>     write to a file (default: stdout)
  --threshold <j>     Jaccard similarity of word 3-gram sets for near duplicates (default 0.7)
  --mask-numbers      also treat texts that differ only in their numbers as duplicates
`;

function parseDedupArgs(args: string[]) {
  const flags = readFlags(args, {
    input: { type: 'string' },
    output: { type: 'string' },
    threshold: { type: 'string' },
    'mask-numbers': { type: 'boolean', default: false },
  });
  return {
    input: nonEmpty('input', flags.input),
    output: nonEmpty('output', flags.output),
    threshold: numberFlag('threshold', flags.threshold, 0, 1) ?? 0.7,
    maskNumbers: flags['mask-numbers'],
  };
}

const readQuestion = lineReader(
  { id: v.pipe(v.union([v.string(), v.number()]), v.transform(String)), text: v.string() },
  (field) => `missing string '${field}'`,
);

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseDedupArgs(args);
  const index = new DedupIndex({ threshold: options.threshold, maskNumbers: options.maskNumbers });
  const input = openInput(options.input, io.stdin);
  const output = openOutput(options.output, io.stdout);
  const counts: Record<DedupResult['kind'] | 'error', number> = {
    unique: 0,
    exact: 0,
    near: 0,
    template: 0,
    error: 0,
  };
  for await (const line of readJsonLines(input)) {
    const read =
      line.error === undefined
        ? readQuestion(line.value)
        : { ok: false as const, error: line.error };
    if (!read.ok) {
      counts.error++;
      await writeJsonLine(output, { line: line.lineNumber, error: read.error });
      continue;
    }
    const question = read.value;
    const result = index.checkAndAdd(question.id, question.text);
    counts[result.kind]++;
    const duplicateOf = result.kind === 'unique' ? null : result.duplicateOf;
    await writeJsonLine(output, { id: question.id, duplicate_of: duplicateOf });
  }
  if (output !== io.stdout) await new Promise<void>((resolve) => output.end(resolve));
  const total = counts.unique + counts.exact + counts.near + counts.template;
  io.stderr.write(
    `dedup: ${total} questions, ${counts.unique} unique, ${counts.exact} exact, ${counts.near} near` +
      `${options.maskNumbers ? `, ${counts.template} template` : ''} duplicates` +
      `${counts.error ? `, ${counts.error} malformed lines` : ''}\n`,
  );
  return counts.error > 0 ? 1 : 0;
}

export const dedupCommand: CliCommand = {
  name: 'dedup',
  summary: 'mark exact and near-duplicate questions (JSONL in, JSONL out)',
  usage,
  run,
};
