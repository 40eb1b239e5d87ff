/** Index of the `}` that closes the `{` at `open`, or -1 when the group never closes. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++; // an escaped brace (`\{`) is content, not grouping
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/**
 * Splits at `separator` where no bracket of any kind is open. Brackets are counted
 * without pairing their kinds so half-open intervals such as `(1,2]` nest correctly.
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && text.startsWith(separator, i) === false) {
      // `\{` and `\}` are set braces and count as brackets; other commands are skipped whole
      const next = text[i + 1] ?? '';
      if (OPENERS.has(next)) depth++;
      else if (CLOSERS.has(next)) depth--;
      i++;
      continue;
    }
    if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Index of the bracket that closes the one at `open`, counting `(`/`[` and `)`/`]` as
 * interchangeable (intervals mix them); -1 when it never closes.
 */
export function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      if (OPENERS.has(next)) depth++;
      else if (CLOSERS.has(next)) depth--;
      if (depth === 0 && i > open) return i;
      i++;
      continue;
    }
    if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
