const PAR1 = [0x50, 0x41, 0x52, 0x31];

export function startsWithParquetMagic(head: Uint8Array): boolean {
  return PAR1.every((b, i) => head[i] === b);
}

/** Magic numbers of files people drop by mistake. */
const BINARY_MAGIC: [number[], string][] = [
  [PAR1, 'a Parquet file'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
];

/** Why the first bytes cannot start a JSON Lines file, or null when they may. */
export function binaryKind(head: Uint8Array): string | null {
  for (const [magic, name] of BINARY_MAGIC) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return name;
  }
  return head.subarray(0, 512).includes(0) ? 'a binary file' : null;
}

/**
 * Judges the first non-blank line of a would-be JSONL file. Whole-file problems (HTML, CSV, a
 * pretty-printed JSON document) are named here so the person sees one reason, not one per line.
 */
export function textKindProblem(firstLine: string): string | null {
  const line = firstLine.trim();
  if (line.startsWith('<')) return 'this looks like an HTML/XML document, not JSON Lines';
  if (line.startsWith('{')) return line === '{' ? prettyJson('an object') : null;
  if (line.startsWith('[')) return line.endsWith(']') ? null : prettyJson('an array');
  if (/[,\t;]/.test(line)) return 'this looks like CSV/TSV (a header row), not JSON Lines';
  return 'this does not look like JSON Lines: the first line is not a JSON object';
}

function prettyJson(what: string): string {
  return `this is one JSON document (${what} spread over many lines), not JSON Lines with one object per line`;
}
