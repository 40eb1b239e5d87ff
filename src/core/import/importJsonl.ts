import type { ByteSource } from './byteSource';
import { bytesOf } from './byteSource';
import { ImportCollector } from './importCollector';
import type { ImportKind, ImportOptions, ImportResult } from './importTypes';
import { binaryKind, textKindProblem } from './sniffContent';
import type { RawLine } from './splitLines';
import { splitLines } from './splitLines';

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

const BOM = '\uFEFF';

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

const HEAD_BYTES = 512;

/** Remembers the first bytes that flow past, for the magic-number check. */
async function* peekHead(source: ByteSource, head: { bytes: Uint8Array }) {
  for await (const chunk of bytesOf(source)) {
    if (head.bytes.length < HEAD_BYTES) {
      const piece = chunk.subarray(0, HEAD_BYTES - head.bytes.length);
      const joined = new Uint8Array(head.bytes.length + piece.length);
      joined.set(head.bytes);
      joined.set(piece, head.bytes.length);
      head.bytes = joined;
    }
    yield chunk;
  }
}

function decodeLine(
  raw: RawLine,
  decoder: TextDecoder,
  maxLineBytes: number,
): { text: string } | { reject: string } {
  if (raw.bytes === null) {
    return {
      reject: `line is ${formatBytes(raw.byteLength)}, over the ${formatBytes(maxLineBytes)} limit`,
    };
  }
  try {
    return { text: decoder.decode(raw.bytes) };
  } catch {
    return { reject: 'invalid UTF-8: the line holds bytes that are not valid UTF-8 text' };
  }
}

function parseLine(text: string, raw: RawLine): { value: unknown } | { reject: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    if (!raw.terminated) {
      return { reject: 'truncated: the file ends in the middle of this line (incomplete JSON)' };
    }
    return { reject: `not valid JSON (${error instanceof Error ? error.message : 'parse error'})` };
  }
}

/**
 * Validates a JSON Lines file chunk by chunk into records plus a report. Rows that fail are
 * listed with a reason; a file that is not JSONL at all yields a fatal reason and no records.
 */
export async function importJsonl<K extends ImportKind>(
  source: ByteSource,
  options: ImportOptions<K>,
): Promise<ImportResult<K>> {
  const collector = new ImportCollector(options, 'jsonl');
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const head = { bytes: new Uint8Array(0) };
  let seenContent = false;
  let blank = 0;
  for await (const raw of splitLines(peekHead(source, head), maxLineBytes)) {
    if (!seenContent) {
      const binary = binaryKind(head.bytes);
      if (binary) return collector.fatal(`this is ${binary}, not JSON Lines`);
    }
    const decoded = decodeLine(raw, decoder, maxLineBytes);
    if ('reject' in decoded) {
      seenContent = true;
      collector.reject(raw.line, decoded.reject);
      continue;
    }
    let text = decoded.text;
    if (raw.line === 1 && text.startsWith(BOM)) {
      text = text.slice(1);
      collector.warn('removed a byte order mark (BOM) at the start of the file');
    }
    if (text.trim() === '') {
      blank++;
      continue;
    }
    if (!seenContent) {
      seenContent = true;
      const problem = textKindProblem(text);
      if (problem) return collector.fatal(problem);
    }
    const parsed = parseLine(text, raw);
    if ('reject' in parsed) collector.reject(raw.line, parsed.reject);
    else collector.row(raw.line, parsed.value);
  }
  if (blank > 0) collector.warn(`skipped ${blank} blank line${blank === 1 ? '' : 's'}`);
  return collector.result();
}
