import { createReadStream, existsSync } from 'node:fs';
import type { QuestionRecord, SolutionRecord } from '../../core/pipeline/records';

export const JOURNAL_VERSION = 1;

/** First line of a journal: which run it belongs to and the hash of the settings that made it. */
export interface JournalHeader {
  kind: 'header';
  version: number;
  runId: string;
  configHash: string;
  createdAt: string;
}

/** One stored attempt: the question with every stage verdict, and its solutions. */
export interface JournalAttempt {
  kind: 'attempt';
  question: QuestionRecord;
  solutions: SolutionRecord[];
}

export type JournalEntry = JournalHeader | JournalAttempt;

export interface JournalScan {
  entries: JournalEntry[];
  /** Byte length of the complete lines; anything after it is a torn last write. */
  validBytes: number;
  tornBytes: number;
}

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError';
}

/**
 * Calls `onEntry` for each complete line of a journal, streaming (journals grow large). A final
 * line without its newline is a write cut short by a kill: it is reported, not parsed. A complete
 * line that is not JSON means the file was edited or damaged, and stops the scan.
 */
export async function scanJournal(
  path: string,
  onEntry: (entry: JournalEntry, lineNumber: number) => void,
): Promise<Omit<JournalScan, 'entries'>> {
  if (!existsSync(path)) return { validBytes: 0, tornBytes: 0 };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let validBytes = 0;
  let lineNumber = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, nl)]);
      validBytes += pendingBytes + (nl - start) + 1;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      lineNumber++;
      const text = line.toString('utf8').trim();
      if (text === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(text) as JournalEntry;
      } catch {
        throw new JournalCorruptError(`${path}: line ${lineNumber} is not valid JSON`);
      }
      onEntry(entry, lineNumber);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
  }
  return { validBytes, tornBytes: pendingBytes };
}
