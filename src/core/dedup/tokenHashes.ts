import { fmix32 } from './hash32';

/** Starting state for every number when numbers are masked, so "3 apples" ~ "17 apples". */
const NUMBER_PLACEHOLDER = 0x6e756d23; // "num#"

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Light punctuation that generators vary freely; it carries no meaning for duplicates.
 * Math operators, brackets, `$`, `%` and the like stay tokens.
 */
function isIgnoredPunctuation(c: number): boolean {
  // , . ; : ! ? " ' `
  return (
    c === 44 ||
    c === 46 ||
    c === 59 ||
    c === 58 ||
    c === 33 ||
    c === 63 ||
    c === 34 ||
    c === 39 ||
    c === 96
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c) || (c > 127 && c !== 0xa0 && !isUnicodeSpace(c));
}

function isUnicodeSpace(c: number): boolean {
  return c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029;
}

/** Reusable growable buffer of int32 token hashes. */
export class TokenBuffer {
  data = new Int32Array(256);
  length = 0;

  /** Makes room for `size` values in `data` (contents kept). */
  reserve(size: number): void {
    if (size <= this.data.length) return;
    let length = this.data.length * 2;
    while (length < size) length *= 2;
    const bigger = new Int32Array(length);
    bigger.set(this.data);
    this.data = bigger;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/**
 * NFKC + lower case for non-ASCII text, so "ﬁ", "Ｆ" and "f" agree. ASCII text is returned
 * as is: the tokenizer folds A–Z itself, which saves a string copy per question.
 */
export function foldText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKC').toLowerCase();
}

/** Lower-cases ASCII A–Z on the fly. */
function codeAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** Character classes of ASCII code units for the tokenizer. */
const SKIP = 0;
const LETTER = 1;
const DIGIT = 2;
const SYMBOL = 3;
const ASCII_CLASS = new Uint8Array(128).map((_, c) => {
  if (c <= 32 || isIgnoredPunctuation(c)) return SKIP;
  if (isDigit(c)) return DIGIT;
  const lower = c >= 65 && c <= 90 ? c | 32 : c;
  return isWordChar(lower) ? LETTER : SYMBOL;
});

/** ASCII letters (lower-cased) and digits as they enter a word's hash; -1 ends the word. */
const ASCII_WORD = new Int16Array(128).map((_, c) => {
  const lower = c >= 65 && c <= 90 ? c | 32 : c;
  return isWordChar(lower) ? lower : -1;
});

/**
 * Splits already folded text into word tokens (letter/digit runs; a number keeps inner
 * `.`/`,` between digits, so 1,000 and 2.5 are one token) and single-symbol tokens, and
 * writes one hash per token into `out` (cleared first). ASCII goes through a class table,
 * the rest through the Unicode checks.
 */
export function tokenHashes(folded: string, maskNumbers: boolean, out: TokenBuffer): void {
  out.length = 0;
  const len = folded.length;
  let i = 0;
  while (i < len) {
    const c = folded.charCodeAt(i);
    const kind = c < 128 ? ASCII_CLASS[c]! : c === 0xa0 || isUnicodeSpace(c) ? SKIP : LETTER;
    if (kind === SKIP) {
      i++;
      continue;
    }
    if (kind === DIGIT) {
      i = scanNumber(folded, i, maskNumbers, out);
      continue;
    }
    if (kind === SYMBOL) {
      out.push(fmix32(Math.imul(FNV_OFFSET ^ c, FNV_PRIME)));
      i++;
      continue;
    }
    let h = FNV_OFFSET;
    while (i < len) {
      const d = folded.charCodeAt(i);
      const code = d < 128 ? ASCII_WORD[d]! : isWordChar(d) ? d : -1;
      if (code < 0) break;
      h = Math.imul(h ^ code, FNV_PRIME);
      i++;
    }
    out.push(fmix32(h));
  }
}

function scanNumber(text: string, start: number, maskNumbers: boolean, out: TokenBuffer): number {
  let h = FNV_OFFSET;
  let i = start;
  const len = text.length;
  while (i < len) {
    const d = codeAt(text, i);
    const innerSeparator = (d === 44 || d === 46) && i + 1 < len && isDigit(text.charCodeAt(i + 1));
    if (!isDigit(d) && !innerSeparator) break;
    h = Math.imul(h ^ d, FNV_PRIME);
    i++;
  }
  if (maskNumbers) h = NUMBER_PLACEHOLDER;
  // A number glued to letters ("3x", "10th") stays one token with its suffix.
  while (i < len && isWordChar(codeAt(text, i))) {
    h = Math.imul(h ^ codeAt(text, i), FNV_PRIME);
    i++;
  }
  out.push(fmix32(h));
  return i;
}
