export type LanguageMode = 'ascii';

export type LanguageVerdict = { pass: true } | { pass: false; reason: string };

/** The paper's rule: keep only non-empty pure-ASCII text. */
export function checkLanguage(text: string, _mode: LanguageMode = 'ascii'): LanguageVerdict {
  if (text.trim() === '') return { pass: false, reason: 'empty text' };
  const offending = [...text].find((ch) => ch.charCodeAt(0) > 0x7f);
  if (offending !== undefined) {
    const code = offending.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { pass: false, reason: `non-ASCII character '${offending}' (U+${code})` };
  }
  return { pass: true };
}
