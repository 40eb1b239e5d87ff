/**
 * The files of batch mode: the answers collected so far (`<out>.batch-answers.jsonl`, every
 * answer line of every --batch-results file, appended once per custom_id) and the request files
 * a round writes, one per model (`vllm run-batch` serves one model at a time) and endpoint.
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

/** What the batch results given so far amount to. */
export interface CollectedAnswers {
  answers: Map<string, BatchAnswer>;
  /** Answers this call added to the kept file. */
  added: number;
  /** Requests the results answered with an error only: they go into the next round. */
  failed: number;
  /** The first of those errors, to show. */
  firstError?: string;
}

/**
 * Answers kept so far plus those of `results` (added to the kept file). Only answers are kept: a
 * line that reports an error (a request the engine refused or lost) is counted, and its request
 * is written again with the next round.
 */
export function collectAnswers(keptPath: string, results: string[]): CollectedAnswers {
  const answers = new Map<string, BatchAnswer>();
  if (existsSync(keptPath))
    for (const line of jsonLines(keptPath)) {
      const read = readAnswerLine(line);
      if (read && 'answer' in read) answers.set(read.id, read.answer);
    }
  let added = 0;
  const errors = new Map<string, string>();
  for (const file of results)
    for (const line of jsonLines(file)) {
      const read = readAnswerLine(line);
      if (!read || answers.has(read.id)) continue;
      if ('error' in read) {
        errors.set(read.id, read.error);
        continue;
      }
      answers.set(read.id, read.answer);
      appendFileSync(keptPath, `${JSON.stringify(line)}\n`);
      added += 1;
    }
  for (const id of answers.keys()) errors.delete(id);
  const firstError = errors.values().next().value;
  return {
    answers,
    added,
    failed: errors.size,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'model';
}

/** `/v1/chat/completions` → `chat`, `/v1/completions` → `completions`, `/pooling` → `pooling`. */
function endpointKind(url: string): string {
  return url.includes('/chat/') ? 'chat' : slug(url.split('/').at(-1) ?? 'requests');
}

/**
 * Writes the pending requests, one file per model and endpoint (`…-chat.jsonl`,
 * `…-completions.jsonl`, `…-pooling.jsonl`): batch engines differ in which endpoints they serve
 * (vllm run-batch: chat completions, not raw completions nor pooling). Returns each file.
 */
export function writeBatchFiles(
  dir: string,
  pending: Iterable<BatchRequestLine>,
  round: string,
): { path: string; model: string; url: string; requests: number }[] {
  const byFile = new Map<string, { model: string; url: string; lines: BatchRequestLine[] }>();
  for (const line of pending) {
    const model = typeof line.body.model === 'string' ? line.body.model : 'model';
    const name = `batch-${round}-${slug(model)}-${endpointKind(line.url)}.jsonl`;
    const file = byFile.get(name) ?? { model, url: line.url, lines: [] };
    file.lines.push(line);
    byFile.set(name, file);
  }
  return [...byFile].map(([name, { model, url, lines }]) => {
    // Two rounds within one second (a fast engine) must not overwrite each other's files.
    let path = join(dir, name);
    for (let n = 2; existsSync(path); n++)
      path = join(dir, name.replace(/\.jsonl$/, `-${n}.jsonl`));
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return { path, model, url, requests: lines.length };
  });
}
