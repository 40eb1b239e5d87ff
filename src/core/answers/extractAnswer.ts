/** Returns the content of the last `\boxed{…}`, with nested braces matched; null when absent. */
export function lastBoxed(text: string): string | null {
  const start = text.lastIndexOf('\\boxed{');
  if (start < 0) return null;
  let depth = 0;
  const open = start + '\\boxed'.length;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i).trim();
    }
  }
  return null;
}

const ANSWER_PHRASE = /(?:final answer|the answer) is[:\s]*([^\n]+)/gi;
const LAST_NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;

/**
 * The final answer a solution states: the last \boxed{}, else the text after
 * "the answer is" / "final answer is", else the last number; null when none.
 */
export function extractAnswer(text: string): string | null {
  const boxed = lastBoxed(text);
  if (boxed !== null) return boxed;
  const phrases = [...text.matchAll(ANSWER_PHRASE)];
  const phrase = phrases
    .at(-1)?.[1]
    ?.trim()
    .replace(/[.\s]+$/, '');
  if (phrase) return phrase;
  const numbers = text.match(LAST_NUMBER);
  return numbers?.at(-1) ?? null;
}

/** Whether a solution states a final answer explicitly (the paper drops those that do not). */
export function statesFinalAnswer(text: string): boolean {
  return lastBoxed(text) !== null || /(?:final answer|the answer) is/i.test(text);
}
