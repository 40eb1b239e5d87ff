import {
  compareAnswersDetailed,
  normalizeAnswer,
  type CompareOptions,
  type Verdict,
} from './answerEquivalence';
import { extractFinalAnswer } from './extractAnswer';
import { plainValues } from './plainNumbers';

export interface Grade {
  verdict: Verdict;
  /** The answer read from each side; null when a side states none. */
  expected: string | null;
  predicted: string | null;
  /** For "undecided": the limit that was reached. */
  reason?: string;
}

/** Words of four or more letters outside LaTeX commands and `\text{…}`: prose, not a bare answer. */
const PROSE = /(?<![\\a-zA-Z])[a-zA-Z]{4,}/;

/**
 * A bare plain number in one spelling: "7,425,000" and "1 000" lose their separators; a decimal
 * comma ("1000,99", "0,111", "1,22") becomes a point, but "-2,1" stays a list of two answers.
 */
function bareNumber(text: string): string {
  if (/^-?[1-9]\d{0,2}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?$/.test(text))
    return text.replace(/[, ]/g, '');
  const comma = /^(-?)(\d+),(\d+)$/.exec(text);
  if (comma && ((comma[3]?.length ?? 0) >= 2 || comma[2] === '0' || (comma[2]?.length ?? 0) >= 4))
    return `${comma[1]}${comma[2]}.${comma[3]}`;
  return text;
}

/**
 * A bare answer as a whole (`\frac{1}{2}`, "-2, 1", "(1,2]", "12:00", "2π"), except plain
 * numbers and arithmetic ("7,425,000", "1000,99", "4 4/9", "28 pct"), read as plain values.
 */
function bareAnswer(text: string): string {
  const number = bareNumber(text);
  if (number !== text) return number;
  const arithmetic = text.replace(/\s*(?:percent(?:age)?|pct)\s*$/i, '');
  if (/[^\d\s.+\-*/×÷%]/.test(arithmetic)) return text;
  const values = plainValues(text);
  const only = values.length === 1 && values[0]?.start === 0 && values[0].end === text.length;
  return only ? (values[0]?.text ?? text) : (values.at(-1)?.text ?? text);
}

/** One line of math, not a sentence: no long word and at most one short one ("x", "pct"). */
function isBare(text: string): boolean {
  const outside = text
    .replace(/\\(?:text|mbox|mathrm|textbf|operatorname|begin|end)\s*\{[^{}]*\}/g, '')
    .replace(/\\[a-zA-Z]+/g, '');
  const words = outside.match(/[a-zA-Z]{2,}/g) ?? [];
  return !text.includes('\n') && text.length <= 200 && !PROSE.test(outside) && words.length <= 1;
}

/**
 * The answer a text gives, for grading: what a solution states (see `extractFinalAnswer`), or a
 * bare answer as a whole (`\frac{1}{2}`, `x^2+1`, "0,111" — a reference answer is usually
 * written bare); null when there is none.
 */
export function readAnswer(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  // an escaped dollar (`\$32,\!348`) is a currency sign, not math markup
  const hasMarkup = /(?<!\\)\$|\\[([]|\\boxed|\\fbox|####|answer/i.test(t);
  if (!hasMarkup && isBare(t)) return bareAnswer(t);
  return extractFinalAnswer(t)?.answer ?? (t.length <= 100 && !t.includes('\n') ? t : null);
}

/** A multiple-choice letter the way solutions write it: "(C)", "**C**", "option C", "answer is C". */
const CHOICE_IN_TEXT =
  /\(([A-E])\)|\*\*([A-E])\*\*|\b(?:option|choice|answer(?:\s+is)?:?)\s+\(?([A-E])\)?(?![a-zA-Z])/gi;

/** The last choice letter a solution names, for an expected answer that is a letter. */
function choiceIn(text: string): string | null {
  const last = [...text.matchAll(CHOICE_IN_TEXT)].at(-1);
  const letter = last?.[1] ?? last?.[2] ?? last?.[3];
  return letter ? letter.toUpperCase() : null;
}

/**
 * Grades a prediction (a bare answer or a whole solution) against an expected answer: both are
 * read with `readAnswer`, then compared by value. "undecided" means a symbolic limit was
 * reached; it is not "equal".
 */
export function gradeAnswer(
  expected: string,
  predicted: string,
  options: CompareOptions = {},
): Grade {
  const e = readAnswer(expected);
  let p = readAnswer(predicted);
  // "The correct option is (B)." against an expected letter: read the letter it names
  if (
    e !== null &&
    /^[A-E]$/.test(normalizeAnswer(e)) &&
    p !== null &&
    !/^[A-E]$/.test(normalizeAnswer(p))
  )
    p = choiceIn(predicted) ?? p;
  if (e === null || p === null) return { verdict: 'different', expected: e, predicted: p };
  const { verdict, reason } = compareAnswersDetailed(e, p, options);
  return reason === undefined
    ? { verdict, expected: e, predicted: p }
    : { verdict, expected: e, predicted: p, reason };
}
