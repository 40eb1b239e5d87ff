/**
 * Removes what a language detector should not see in a math question: LaTeX (inline and
 * display math, commands, Asymptote blocks), numbers and symbols. What remains is prose.
 */
export function stripMathForDetection(text: string): string {
  return text
    .replace(/\[asy\][\s\S]*?\[\/asy\]/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/\\\([\s\S]*?\\\)/g, ' ')
    .replace(/\\\[[\s\S]*?\\\]/g, ' ')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/[^\p{L}\s'’]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Characters an English math question may contain beyond ASCII: Latin letters with accents
 * (names, "café"), Greek letters (π, θ), math operators and arrows, super/subscripts and
 * vulgar fractions, letter-like symbols (ℝ, ℕ), degree/prime marks, currency, typographic
 * quotes, dashes, ellipses and spaces.
 */
const ALLOWED_NON_ASCII =
  /[\p{Script=Latin}\p{Script=Greek}\p{Sm}\p{No}\p{Nd}\p{Sc}\p{Pd}\p{Pi}\p{Pf}\p{Zs}\p{Zl}\p{Zp}\u00b0\u00b7\u2032\u2033\u2026\u2022\u2100-\u214f\u2190-\u21ff\u2200-\u22ff\u2300-\u23ff\u27c0-\u27ef\u2980-\u2aff\u{1d400}-\u{1d7ff}]/u;

/** First character that an English math question should not contain, if any. */
export function firstForeignCharacter(text: string): string | undefined {
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 0x7f) continue;
    if (ch === '\u00a0' || ch === '\u200b') continue;
    if (!ALLOWED_NON_ASCII.test(ch)) return ch;
  }
  return undefined;
}

/** `'é' (U+00E9)`: readable and unambiguous in a stored reason. */
export function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `'${ch}' (U+${code})`;
}
