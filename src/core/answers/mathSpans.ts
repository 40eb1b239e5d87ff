/** A LaTeX math region of a text: `$$…$$`, `\[…\]`, `$…$`, `\(…\)` or ` [ … ] `. */
export interface MathSpan {
  start: number;
  /** Index just past the closing delimiter. */
  end: number;
  content: string;
  /** Display math may span lines; inline math ends at the line's end. */
  display: boolean;
}

const escaped = (text: string, i: number): boolean => i > 0 && text[i - 1] === '\\';

/** The next unescaped occurrence of `close` at or after `from`; -1 when absent (or past a newline for inline math). */
function closing(text: string, close: string, from: number, inline: boolean): number {
  for (let i = from; i < text.length; i++) {
    if (inline && text[i] === '\n') return -1;
    if (text.startsWith(close, i) && !escaped(text, i)) return i;
  }
  return -1;
}

interface Opener {
  open: string;
  close: string;
  display: boolean;
  /** Whether an opener is allowed at `i` (beyond matching the delimiter). */
  allowed(text: string, i: number): boolean;
}

const OPENERS: Opener[] = [
  { open: '$$', close: '$$', display: true, allowed: (t, i) => !escaped(t, i) },
  { open: '\\[', close: '\\]', display: true, allowed: (t, i) => !escaped(t, i) },
  { open: '\\(', close: '\\)', display: false, allowed: (t, i) => !escaped(t, i) },
  // `5$` is a price, not the start of math
  {
    open: '$',
    close: '$',
    display: false,
    allowed: (t, i) => !escaped(t, i) && !/\d/.test(t[i - 1] ?? ''),
  },
  // Math-Verify's ` [ x ] `: a bracket with space around it, on one line, without nested brackets
  { open: '[', close: ']', display: false, allowed: (t, i) => i > 0 && /\s/.test(t[i - 1] ?? '') },
];

function bracketSpan(text: string, i: number): MathSpan | null {
  const match = /^\[([^\n[\]]+)\](?=\s|$)/.exec(text.slice(i));
  return match?.[1]
    ? { start: i, end: i + match[0].length, content: match[1], display: false }
    : null;
}

/**
 * Every math region of `text`, left to right and not overlapping. An inline `$` or `\(` that
 * meets a newline before its closing delimiter opens nothing (as in Math-Verify: inline math is
 * one line), so `Answer $ \n 9 \n $` has no span.
 */
export function findMathSpans(text: string): MathSpan[] {
  const spans: MathSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const opener = OPENERS.find((o) => text.startsWith(o.open, i) && o.allowed(text, i));
    if (!opener) {
      i++;
      continue;
    }
    const span =
      opener.open === '['
        ? bracketSpan(text, i)
        : (() => {
            const from = i + opener.open.length;
            const end = closing(text, opener.close, from, !opener.display);
            if (end < 0 || text.slice(from, end).trim() === '') return null;
            return {
              start: i,
              end: end + opener.close.length,
              content: text.slice(from, end),
              display: opener.display,
            };
          })();
    if (span) {
      spans.push(span);
      i = span.end;
    } else i += opener.open.length;
  }
  return spans;
}
