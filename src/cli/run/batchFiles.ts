/**
 * The files of batch mode: the answers collected so far (`<out>.batch-answers.jsonl`, every
 * output line of every --batch-results file, appended once per custom_id) and the request files
 * a round writes, one per model, as `vllm run-batch` serves one model at a time.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAnswerLine, type BatchAnswer, type BatchRequestLine } from './batchTransport';

function jsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
}

/** Answers kept so far plus those of `results` (added to the kept file); returns all and the new count. */
export function collectAnswers(
  keptPath: string,
  results: string[],
): { answers: Map<string, BatchAnswer>; added: number } {
  const answers = new Map<string, BatchAnswer>();
  if (existsSync(keptPath))
    for (const line of jsonLines(keptPath)) {
      const read = readAnswerLine(line);
      if (read) answers.set(read.id, read.answer);
    }
  let added = 0;
  for (const file of results)
    for (const line of jsonLines(file)) {
      const read = readAnswerLine(line);
      if (!read || answers.has(read.id)) continue;
      answers.set(read.id, read.answer);
      appendFileSync(keptPath, `${JSON.stringify(line)}\n`);
      added += 1;
    }
  return { answers, added };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'model';
}

/** Writes the pending requests, one file per model; returns [path, requests] per file. */
export function writeBatchFiles(
  dir: string,
  pending: Iterable<BatchRequestLine>,
  round: string,
): { path: string; model: string; requests: number }[] {
  const byModel = new Map<string, BatchRequestLine[]>();
  for (const line of pending) {
    const model = typeof line.body.model === 'string' ? line.body.model : 'model';
    byModel.set(model, [...(byModel.get(model) ?? []), line]);
  }
  return [...byModel].map(([model, lines]) => {
    const path = join(dir, `batch-${round}-${slug(model)}.jsonl`);
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return { path, model, requests: lines.length };
  });
}
