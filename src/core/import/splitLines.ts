export interface RawLine {
  /** 1-based line number. */
  line: number;
  /** The line's bytes without the line break; null when it exceeded the limit. */
  bytes: Uint8Array | null;
  byteLength: number;
  /** False for a last line with no line break after it (the file may be truncated). */
  terminated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

function join(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Splits a byte stream at LF (dropping a CR before it) without decoding, so a multi-byte
 * character cut between chunks is reassembled and an over-long line is never buffered whole.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  const finish = (terminated: boolean): RawLine => {
    let bytes = tooLong ? null : join(parts, length);
    if (bytes && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    const raw = { line: ++line, bytes, byteLength: bytes?.length ?? length, terminated };
    parts = [];
    length = 0;
    tooLong = false;
    return raw;
  };
  const take = (piece: Uint8Array) => {
    length += piece.length;
    if (length > maxLineBytes) {
      tooLong = true;
      parts = [];
    } else if (piece.length > 0) parts.push(piece);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, start)) {
      take(chunk.subarray(start, nl));
      yield finish(true);
      start = nl + 1;
    }
    // Copy: the stream may reuse its chunk buffer.
    if (start < chunk.length) take(chunk.slice(start));
  }
  if (length > 0 || tooLong) yield finish(false);
}
