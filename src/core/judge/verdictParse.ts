export type YesNo = 'yes' | 'no';

/** Markdown and LaTeX wrappers a model puts around a verdict: **Yes**, `No`, \boxed{Yes}, ## Answer. */
function plain(text: string): string {
  return text
    .replace(/\\(?:boxed|text|textbf|mathrm)\{([^{}]*)\}/g, '$1')
    .replace(/[*_`#>$]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const LABELLED =
  /\b(?:final\s+)?(?:answer|verdict|conclusion|decision|judg(?:e)?ment)\s*(?:is|:|：|-|=)\s*(?:is\s*)?["“']?(yes|no)\b/gi;
const BARE_LINE = /^["“'([]*(yes|no)["”')\].!]*$/i;
const CLOSING = /\b(?:so|therefore|thus|hence)\b[^.!?]*?\b(yes|no)\W*$/i;

/**
 * The judge's final verdict: the last "Answer: Yes/No"-style label, or else a last line that is
 * only Yes or No (or a closing "So, yes."). Null when the output ends without one, since a
 * judge that never concluded has not said yes.
 */
export function parseFinalVerdict(output: string): YesNo | null {
  const lines = output
    .split(/\r?\n/)
    .map(plain)
    .filter((line) => line !== '');
  const last = lines.at(-1);
  if (last === undefined) return null;
  const bare = BARE_LINE.exec(last) ?? CLOSING.exec(last);
  if (bare?.[1]) return bare[1].toLowerCase() as YesNo;
  // A labelled verdict may be followed by a short justification line, so look at the last three.
  const tail = lines.slice(-3).join('\n');
  const labelled = [...tail.matchAll(LABELLED)].at(-1);
  return labelled?.[1] ? (labelled[1].toLowerCase() as YesNo) : null;
}

/**
 * The paper's rule, exactly as its code has it: `"yes" in output.lower()` — a plain substring,
 * so "eyes" and "yesterday" count too.
 */
export function lenientYes(output: string): boolean {
  return output.toLowerCase().includes('yes');
}
