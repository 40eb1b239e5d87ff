import { findBoxes, lastBoxGroup, type Box } from './boxedAnswers';
import { findMathSpans, type MathSpan } from './mathSpans';
import { matchingBrace } from './latexScan';
import { plainValues, type PlainValue } from './plainNumbers';

/** Where an extracted answer was found, strongest first. */
export type AnswerSource = 'boxed' | 'final-answer' | 'gsm8k' | 'answer' | 'math' | 'number';

export interface ExtractedAnswer {
  answer: string;
  source: AnswerSource;
  start: number;
  end: number;
  /** Words read after "the answer is", kept only when no value follows them. */
  wordsOnly?: boolean;
}

/**
 * Ranks, as in Math-Verify's priorities: an explicit final answer (the last group of boxes,
 * "final answer … is X", GSM8K's `#### n`) beats "answer: X" / "the answer is X", which beats the
 * last math span or number of the text. Within a rank the rightmost candidate wins.
 */
const RANK: Record<AnswerSource, number> = {
  boxed: 0,
  'final-answer': 0,
  gsm8k: 0,
  answer: 1,
  math: 2,
  number: 2,
};

const PERCENT_AFTER = /^\s*(?:\\?%|percent(?:age)?\b|pct\b)/i;
/** What joins math spans into one answer: "$19$, $46$, and $82$", "$21,16$ or $11$". */
const SPAN_JOINER = /^\s*(?:,\s*(?:and|or)?|and|or)\s*$/i;
/** The math shows a relation whose value the sentence goes on with ("$x = $ 5"): not an answer. */
const WORDY = /(?<![\\a-zA-Z])[a-zA-Z]{4,}/g;

interface Scan {
  text: string;
  spans: MathSpan[];
  boxes: Box[];
}

function withPercent(scan: Scan, answer: string, end: number): { answer: string; end: number } {
  const percent = PERCENT_AFTER.exec(scan.text.slice(end));
  if (!percent || /\\?%\s*$/.test(answer)) return { answer, end };
  return { answer: `${answer}\\%`, end: end + percent[0].length };
}

/** Whether math-span content reads as math rather than a sentence in `[ … ]` or stray `$`s. */
function looksLikeMath(content: string): boolean {
  const outsideText = content.replace(
    /\\(?:text|mbox|mathrm|textbf|operatorname|begin|end)\s*\{[^{}]*\}/g,
    '',
  );
  const words = outsideText.match(WORDY) ?? [];
  return words.length <= 1 && content.trim() !== '';
}

/** The span starting at `index` and the spans joined to it by ", and / or" after it. */
function spanGroupFrom(scan: Scan, first: number): { answer: string; start: number; end: number } {
  const group = [scan.spans[first] as MathSpan];
  for (let k = first + 1; k < scan.spans.length; k++) {
    const prev = group.at(-1) as MathSpan;
    const next = scan.spans[k] as MathSpan;
    if (!SPAN_JOINER.test(scan.text.slice(prev.end, next.start))) break;
    group.push(next);
  }
  const last = group.at(-1) as MathSpan;
  const joined = withPercent(scan, group.map((s) => s.content.trim()).join(', '), last.end);
  // a percent after the last span of a one-span group belongs to it
  return { answer: joined.answer, start: group[0]?.start ?? 0, end: joined.end };
}

/** The span group ending at span `last` (walking back over joiners). */
function spanGroupEndingAt(
  scan: Scan,
  last: number,
): { answer: string; start: number; end: number } {
  let first = last;
  while (first > 0) {
    const prev = scan.spans[first - 1] as MathSpan;
    const cur = scan.spans[first] as MathSpan;
    if (!SPAN_JOINER.test(scan.text.slice(prev.end, cur.start))) break;
    first--;
  }
  const group = scan.spans.slice(first, last + 1);
  const end = (group.at(-1) as MathSpan).end;
  const joined = withPercent(scan, group.map((s) => s.content.trim()).join(', '), end);
  return { answer: joined.answer, start: (group[0] as MathSpan).start, end: joined.end };
}

function boxedCandidate(scan: Scan): ExtractedAnswer | null {
  const group = lastBoxGroup(scan.text, scan.boxes);
  const last = group.at(-1);
  if (!last || !group[0]) return null;
  const contents = group.map((b) => b.content).filter((c, k, all) => c !== all[k - 1]);
  const { answer, end } = withPercent(scan, contents.join(', '), afterClosingMath(scan, last.end));
  return { answer, source: 'boxed', start: group[0].start, end };
}

/** `\boxed{28}$ pct`: the percent word may follow the math that holds the box. */
function afterClosingMath(scan: Scan, index: number): number {
  const span = scan.spans.find((s) => s.start < index && index <= s.end);
  return span && /^\s*(?:\$\$?|\\\]|\\\))?\s*$/.test(scan.text.slice(index, span.end))
    ? span.end
    : index;
}

const GSM8K_MARK = /^[ \t]*####[ \t]*([^\n]+)/gm;
/** Words in a `####` line mean a Markdown heading ("#### Step 1: …"), not GSM8K's answer mark. */
const HEADING_WORDS = /(?<![\\a-zA-Z])[a-zA-Z]{3,}/;

function gsm8kCandidates(scan: Scan): ExtractedAnswer[] {
  return [...scan.text.matchAll(GSM8K_MARK)].flatMap((m) => {
    const value = (m[1] ?? '').trim().replace(/\.$/, '');
    if (!value || value.length > 40 || HEADING_WORDS.test(value)) return [];
    const start = m.index + m[0].indexOf(m[1] ?? '');
    return [
      {
        answer: value.replace(/^\$|\$$/g, ''),
        source: 'gsm8k' as const,
        start,
        end: start + value.length,
      },
    ];
  });
}

/** The value right at `at`: a math span group, a box, a plain value or (failing those) a few words. */
function valueAt(
  scan: Scan,
  at: number,
  windowEnd: number,
  words: boolean,
): Omit<ExtractedAnswer, 'source'> | null {
  const spanIndex = scan.spans.findIndex((s) => s.start >= at && s.start < windowEnd);
  const plain = plainValues(scan.text, at, Math.min(scan.text.length, windowEnd + 40)).find(
    (v) => v.start < windowEnd && !scan.spans.some((s) => s.start <= v.start && v.start < s.end),
  );
  const span = spanIndex >= 0 ? scan.spans[spanIndex] : undefined;
  if (span && (!plain || span.start <= plain.start) && looksLikeMath(span.content))
    return spanGroupFrom(scan, spanIndex);
  if (plain && !/^\s*=/.test(scan.text.slice(plain.end)))
    return plain && { answer: plain.text, start: plain.start, end: plain.end };
  if (!words) return null;
  const sentence = /^\s*(?:\*\*)?\s*([^\n.;!?]{1,60}?)\s*(?:\*\*)?\s*(?:[.;!?](?:\s|$)|\n|$)/.exec(
    scan.text.slice(at),
  );
  const phrase = sentence?.[1]?.trim();
  if (!phrase || phrase.split(/\s+/).length > 5 || /\d/.test(phrase)) return null;
  const start = at + (sentence?.[0].indexOf(phrase) ?? 0);
  return { answer: phrase, start, end: start + phrase.length };
}

const FINAL_IS = /final\s+answer\b[^\n]{0,100}?\s(?:is|are)\s*:?\s*(?:\*\*)?\s*/gi;
/** "answer: X", "the answer is X" — not "X is the answer" (see ANSWER_AFTER). */
const ANSWER_WORD =
  /(?<!\bis\s+(?:the|our|my)\s+(?:final\s+)?(?:\*\*)?)\banswers?\b(?:\s*(?:\*\*)?\s*[:：])?/gi;
/** "Hence 25 is the answer": the value stands before the phrase. */
const ANSWER_AFTER = /\s*(?:\*\*)?\s+is\s+(?:the|our|my)\s+(?:final\s+)?(?:\*\*)?answer\b/gi;
/** After "answer is" / "answer:", words may be the answer ("The answer is Evelyn."). */
const ANSWER_IS = /^\s*(?:is\s*:?|:)\s*/i;

/** "The final answer is $\\boxed{5}$": the box's content is the answer. */
function unboxed(value: Omit<ExtractedAnswer, 'source'>): Omit<ExtractedAnswer, 'source'> {
  const boxes = findBoxes(value.answer);
  return boxes.length ? { ...value, answer: boxes.map((b) => b.content).join(', ') } : value;
}

/**
 * "Final answer: 6 - 5i", "The final answer is \\frac{\\pi}{2}": the rest of the line (to the end
 * of its sentence) when it is math written without delimiters rather than a plain number or
 * words; null otherwise.
 */
function bareMathLine(scan: Scan, at: number): Omit<ExtractedAnswer, 'source'> | null {
  const rest = scan.text.slice(at).split('\n')[0] ?? '';
  const lead = /^\s*(?:\*\*)?\s*/.exec(rest)?.[0].length ?? 0;
  let body = rest.slice(lead);
  const stop = /\.(?=\s|$)|\s+I hope\b/.exec(body);
  if (stop) body = body.slice(0, stop.index);
  body = body.replace(/\s*\*\*\s*$/, '').trimEnd();
  if (body === '' || body.length > 80 || /(?<!\\)\$|\\[([]|\\boxed/.test(body)) return null;
  const outside = body
    .replace(/\\(?:text|mbox|mathrm|textbf|begin|end)\s*\{[^{}]*\}/g, '')
    .replace(/\\[a-zA-Z]+/g, '');
  if (/[a-zA-Z]{2,}/.test(outside)) return null;
  // a lone plain number or expression ("4 4/9", "3 + 4") is read by valueAt
  if (!/[\\^_{},]|[a-zA-Z]|\d\s*[-+*/]\s*\S/.test(body)) return null;
  const plain = plainValues(body);
  if (plain.length === 1 && plain[0]?.start === 0 && plain[0].end === body.length) return null;
  const start = at + lead;
  return { answer: body, start, end: start + body.length };
}

function phraseCandidates(scan: Scan): ExtractedAnswer[] {
  const found: ExtractedAnswer[] = [];
  for (const m of scan.text.matchAll(FINAL_IS)) {
    const at = m.index + m[0].length;
    // words ("The final answer is odd.") only right after the phrase, not "… I hope it is correct"
    const direct = /^final\s+answer\b[^.\n]{0,30}?\s(?:is|are)\b/i.test(m[0]);
    const value = bareMathLine(scan, at) ?? valueAt(scan, at, at + 3, direct);
    if (value) found.push({ ...unboxed(value), source: 'final-answer' });
  }
  for (const m of scan.text.matchAll(ANSWER_WORD)) {
    const at = m.index + m[0].length;
    // "Answer: P(A) = 2/3": the value after the last "=" within reach
    const reach = scan.text.slice(at, at + 100).split('\n')[0] ?? '';
    const eq = reach.lastIndexOf('=');
    const inSpan = scan.spans.some((s) => s.start <= at + eq && at + eq < s.end);
    const afterEq = eq >= 0 && !inSpan ? valueAt(scan, at + eq + 1, at + eq + 4, false) : null;
    const line =
      /[:：]$/.test(m[0]) || ANSWER_IS.test(scan.text.slice(at))
        ? bareMathLine(scan, at + (ANSWER_IS.exec(scan.text.slice(at))?.[0].length ?? 0))
        : null;
    // "Answer: P(A) = 2/3" gives 2/3; "Answer: y = 2x + 3" the whole equation
    const value =
      (afterEq && (!line || afterEq.end >= line.end) ? afterEq : line) ??
      afterEq ??
      valueAt(scan, at, at + 50, false);
    if (value) found.push({ ...unboxed(value), source: 'answer' });
    else {
      const skip = /[:：]$/.test(m[0]) ? 0 : ANSWER_IS.exec(scan.text.slice(at))?.[0].length;
      const words = skip === undefined ? null : valueAt(scan, at + skip, at + skip, true);
      if (words) found.push({ ...words, source: 'answer', wordsOnly: true });
    }
  }
  for (const m of scan.text.matchAll(ANSWER_AFTER)) {
    const before = valueBefore(scan, m.index);
    if (before) found.push({ ...unboxed(before), source: 'answer' });
  }
  return found;
}

/** The math span or plain value that ends right at `at` ("$25$ is the answer", "25 is the answer"). */
function valueBefore(scan: Scan, at: number): Omit<ExtractedAnswer, 'source'> | null {
  const span = scan.spans.findIndex((s) => s.end === at);
  if (span >= 0 && looksLikeMath(scan.spans[span]?.content ?? ''))
    return spanGroupEndingAt(scan, span);
  const plain = plainValues(scan.text, Math.max(0, at - 40), at)
    .filter((v) => v.end === at && !inside(scan.spans, v.start))
    .at(-1);
  return plain ? { answer: plain.text, start: plain.start, end: plain.end } : null;
}

function inside(ranges: readonly { start: number; end: number }[], index: number): boolean {
  return ranges.some((r) => r.start <= index && index < r.end);
}

/** Where LaTeX written without delimiters starts: a fraction, a root, a braced power. */
const BARE_LATEX_START = /\\(?:[dtc]?frac|sqrt)(?![a-zA-Z])|\d\^\{/g;

/**
 * LaTeX written in prose without delimiters ("The probability is \frac{4}{9}.", "so 2^{1009}
 * ways", "3\sqrt{2}"), read whole, as Math-Verify reads a bare `\frac`: from a coefficient
 * before it through its braced arguments, commands and operators, to the first space.
 */
function bareLatexRuns(scan: Scan): { start: number; end: number; answer: string }[] {
  const runs: { start: number; end: number; answer: string }[] = [];
  const blocked = [...scan.spans, ...scan.boxes];
  for (const m of scan.text.matchAll(BARE_LATEX_START)) {
    if (inside(blocked, m.index) || runs.some((r) => r.start <= m.index && m.index < r.end))
      continue;
    let start = m.index;
    while (start > 0 && /[\d.]/.test(scan.text[start - 1] ?? '')) start--;
    if (start > 0 && scan.text[start - 1] === '-') start--;
    // glued to a word ("x\frac", "AB2^{3}"): part of something else
    if (start > 0 && /[a-zA-Z_^{}\\]/.test(scan.text[start - 1] ?? '')) continue;
    let end = m.index;
    while (end < scan.text.length) {
      const ch = scan.text[end] ?? '';
      if (ch === '{') {
        const close = matchingBrace(scan.text, end);
        if (close < 0) break;
        end = close + 1;
      } else if (ch === '\\' && /^\\[a-zA-Z]+/.test(scan.text.slice(end))) {
        end += /^\\[a-zA-Z]+/.exec(scan.text.slice(end))?.[0].length ?? 1;
      } else if (/[\d.+\-*/^_()a-zA-Z]/.test(ch)) end++;
      else break;
    }
    let answer = scan.text.slice(start, end);
    let trimmed = answer.replace(/[.,]+$/, '');
    // "(\\frac{1}{2})": the closing parenthesis belongs to the prose
    while (
      trimmed.endsWith(')') &&
      (trimmed.match(/\)/g) ?? []).length > (trimmed.match(/\(/g) ?? []).length
    )
      trimmed = trimmed.slice(0, -1).replace(/[.,]+$/, '');
    end -= answer.length - trimmed.length;
    answer = trimmed;
    // only fractions, roots and braced powers with their coefficients, not words around them
    if (/[a-zA-Z]{2,}/.test(answer.replace(/\\[a-zA-Z]+/g, ''))) continue;
    runs.push({ start, end, answer });
  }
  return runs;
}

function plainCandidates(scan: Scan): ExtractedAnswer[] {
  const math = scan.spans.flatMap((s, k) =>
    looksLikeMath(s.content) ? [{ ...spanGroupEndingAt(scan, k), source: 'math' as const }] : [],
  );
  const bare = bareLatexRuns(scan);
  math.push(...bare.map((r) => ({ ...r, source: 'math' as const })));
  const blocked = [...scan.spans, ...scan.boxes, ...bare];
  const numbers = plainValues(scan.text)
    .filter((v: PlainValue) => !inside(blocked, v.start))
    .map((v) => ({ answer: v.text, source: 'number' as const, start: v.start, end: v.end }));
  return [...math, ...numbers];
}

/**
 * Every answer a text offers, best first: by rank (see RANK), then rightmost first (by end,
 * then the longer one). Numbers inside LaTeX are never candidates of their own, so `2^{1009}`
 * cannot yield 1009 and `\frac{4}{9}` cannot yield 9.
 */
export function answerCandidates(raw: string): ExtractedAnswer[] {
  // a Unicode minus (one character, so every index stays) reads as "-"
  const text = raw.replace(/\u2212/g, '-');
  const scan: Scan = { text, spans: findMathSpans(text), boxes: findBoxes(text) };
  const boxed = boxedCandidate(scan);
  const all = [
    ...(boxed ? [boxed] : []),
    ...gsm8kCandidates(scan),
    ...phraseCandidates(scan),
    ...plainCandidates(scan),
  ].filter((c) => c.answer.trim() !== '');
  // words after "the answer is" count only when no math or number comes after them
  const lastValue = Math.max(-1, ...all.filter((c) => !c.wordsOnly).map((c) => c.end));
  return all
    .filter((c) => !c.wordsOnly || c.start >= lastValue)
    .sort((a, b) => RANK[a.source] - RANK[b.source] || b.end - a.end || a.start - b.start);
}

/** The strongest answer a text states, with where it came from; null when it states none. */
export function extractFinalAnswer(text: string): ExtractedAnswer | null {
  return answerCandidates(text)[0] ?? null;
}

/**
 * The final answer a solution states: the last box group, "final answer … is X", GSM8K's
 * `#### n`, "answer: X", else the last math span or number (rightmost first); null when none.
 */
export function extractAnswer(text: string): string | null {
  return extractFinalAnswer(text)?.answer ?? null;
}

/** Whether a solution states its final answer explicitly (a box, "answer is/:", `####`). */
export function statesFinalAnswer(text: string): boolean {
  const best = extractFinalAnswer(text);
  return best !== null && RANK[best.source] <= RANK.answer;
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
