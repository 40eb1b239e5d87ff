import { matchingBrace } from './latexScan';

const BOX_COMMAND = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/** Content of one `\boxed…` starting at `start`, or null when it is cut off or empty. */
function boxContent(text: string, start: number, commandLength: number): string | null {
  let i = start + commandLength;
  while (text[i] === ' ') i++;
  if (text[i] === '{') {
    const close = matchingBrace(text, i);
    return close < 0 ? null : text.slice(i + 1, close).trim();
  }
  // `\boxed 5` (TeX argument without braces): the answer runs to the next space or `$`
  const bare = /^[^\s$]+/.exec(text.slice(i))?.[0];
  return i > start + commandLength && bare ? bare.replace(/[.,]$/, '') : null;
}

/**
 * Content of the last complete `\boxed{…}` / `\fbox{…}` (braces matched, `\boxed 5`
 * accepted); null when there is none. A box cut off by a token limit is skipped.
 */
export function lastBoxed(text: string): string | null {
  const starts = [...text.matchAll(BOX_COMMAND)];
  for (let k = starts.length - 1; k >= 0; k--) {
    const match = starts[k];
    if (!match) continue;
    const content = boxContent(text, match.index, match[0].length);
    if (content) return stripMathDelimiters(content);
  }
  return null;
}

/** Removes `$…$`, `$$…$$`, `\(…\)`, `\[…\]` wrapped around the whole text. */
export function stripMathDelimiters(text: string): string {
  let s = text.trim();
  for (;;) {
    const inner =
      /^\$\$([\s\S]*)\$\$$/.exec(s)?.[1] ??
      /^\$([^$]*)\$$/.exec(s)?.[1] ??
      /^\\\(([\s\S]*)\\\)$/.exec(s)?.[1] ??
      /^\\\[([\s\S]*)\\\]$/.exec(s)?.[1];
    if (inner === undefined) return s;
    s = inner.trim();
  }
}

const ANSWER_PHRASE = /(?:final answer|the answer)\s*(?:is\b|:)\s*:?/gi;

/** What follows the last "the answer is" / "final answer is", cleaned; null when absent. */
function phraseAnswer(text: string): string | null {
  const matches = [...text.matchAll(ANSWER_PHRASE)];
  for (let k = matches.length - 1; k >= 0; k--) {
    const match = matches[k];
    if (!match) continue;
    const rest = text.slice(match.index + match[0].length);
    const answer = cleanPhrase(rest);
    if (answer) return answer;
  }
  return null;
}

function cleanPhrase(rest: string): string | null {
  const line = rest.split('\n')[0]?.trim() ?? '';
  // Prefer the math the sentence states: "… is therefore $\frac12$, which …"
  const math = /^([^$\d]*?)\$\$?([^$]+)\$\$?/.exec(line)?.[2] ?? /^\\\((.+?)\\\)/.exec(line)?.[1];
  if (math?.trim()) return math.trim();
  let answer = line.replace(/[.\s]+$/, '').replace(/\.\s+.*$/, '');
  answer = stripMathDelimiters(answer);
  // "The answer is 12 apples" — keep the number, not the noun
  const counted = /^(-?\$?\d[\d,]*(?:\.\d+)?)\s+[a-zA-Z][a-zA-Z\s]*$/.exec(answer)?.[1];
  return (counted ?? answer) || null;
}

const GSM8K_MARK = /^\s*####\s*([^\n]+)/gm;
/** Words in a `####` line mean a Markdown heading ("#### Step 1: …"), not GSM8K's answer mark. */
const WORDS = /(?<![\\a-zA-Z])[a-zA-Z]{3,}/;

function gsm8kMark(text: string): string | null {
  const marks = [...text.matchAll(GSM8K_MARK)];
  for (let k = marks.length - 1; k >= 0; k--) {
    const value = stripMathDelimiters(marks[k]?.[1]?.trim().replace(/\.$/, '') ?? '');
    if (value && value.length <= 40 && !WORDS.test(value)) return value;
  }
  return null;
}
const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:\/\d+)?|-?\.\d+/g;

function lastNumber(text: string): string | null {
  // GSM8K calculator annotations (`<<4*2=8>>`) repeat numbers that are not answers
  const plain = text.replace(/<<[^>]*>>/g, '');
  const found = plain.match(NUMBER)?.at(-1);
  return found ? found.replace(/,$/, '') : null;
}

/**
 * The final answer a solution states: the last `\boxed{}`, else GSM8K's `#### n`, else
 * the text after "the answer is" / "final answer is", else the last number; null when none.
 */
export function extractAnswer(text: string): string | null {
  const boxed = lastBoxed(text);
  if (boxed !== null) return boxed;
  return gsm8kMark(text) ?? phraseAnswer(text) ?? lastNumber(text);
}

/** Whether a solution states a final answer explicitly (the paper drops those that do not). */
export function statesFinalAnswer(text: string): boolean {
  return lastBoxed(text) !== null || /(?:final answer|the answer) is/i.test(text);
}
