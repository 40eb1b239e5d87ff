import { lastBoxed, stripMathDelimiters } from './extractAnswer';
import { matchingBrace } from './latexScan';

const UNIT_WORDS = [
  'square',
  'sq',
  'cubic',
  'units?',
  'cm',
  'mm',
  'km',
  'm',
  'meters?',
  'metres?',
  'centimeters?',
  'kilometers?',
  'inch(?:es)?',
  'in',
  'feet',
  'foot',
  'ft',
  'yards?',
  'yd',
  'miles?',
  'mi',
  'mph',
  'kg',
  'g',
  'grams?',
  'pounds?',
  'lbs?',
  'ounces?',
  'oz',
  'liters?',
  'litres?',
  'ml',
  'gallons?',
  'seconds?',
  'sec',
  's',
  'minutes?',
  'min',
  'hours?',
  'hrs?',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'dollars?',
  'cents?',
  'degrees?',
  'percent',
  'people',
  'students',
  'ways',
  'times',
].join('|');
/** Unit words (optionally squared/cubed) after a value and a space: "5 cm^2", "12 dollars" (never "2m"). */
const TRAILING_UNITS = new RegExp(
  `^(.*?[\\d}.])(?:\\s+(?:${UNIT_WORDS})\\b)+\\s*(?:\\^\\{?[23]\\}?)?$`,
);
const TEXT_COMMANDS =
  /\\(?:text|textbf|textit|textrm|textup|mbox|mathrm|mathbf|mathit|mathsf|operatorname)\s*\{/g;

/** Replaces each `\text{…}` by its content, dropping it when it is a unit after a value. */
function unwrapText(s: string): string {
  let out = s;
  for (const match of [...out.matchAll(TEXT_COMMANDS)].reverse()) {
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(out, open);
    if (close < 0) continue;
    const inner = out.slice(open + 1, close);
    const before = out.slice(0, match.index).trim();
    const after = out.slice(close + 1).replace(/^\s*\^\s*\{?[23]\}?/, '');
    const isUnit = before !== '' && /^\s*[a-zA-Z][a-zA-Z\s.]*$/.test(inner) && after.trim() === '';
    out = isUnit ? before : out.slice(0, match.index) + inner + out.slice(close + 1);
  }
  return out;
}

const UNICODE: [RegExp, string][] = [
  [/[\u2212\u2013]/g, '-'],
  [/π/g, '\\pi '],
  [/√/g, '\\sqrt'],
  [/×/g, '\\times '],
  [/·/g, '\\cdot '],
  [/∞/g, '\\infty '],
  [/≤/g, '\\le '],
  [/≥/g, '\\ge '],
];

/** Layout, wrappers and decorations that never change an answer's value. */
function stripDecorations(answer: string): string {
  let s = answer.trim();
  for (const [from, to] of UNICODE) s = s.replace(from, to);
  s = stripMathDelimiters(s);
  if (/\\(?:boxed|fbox)/.test(s)) s = lastBoxed(s) ?? s;
  s = s
    .replace(/\\(?:displaystyle|textstyle|limits)/g, '')
    .replace(/\\(?:left|right)(?:\.|(?![a-zA-Z]))/g, '')
    .replace(/\\(?:big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])/g, '')
    .replace(/(?<!\\)\\(?:[,;:! ]|q?quad(?![a-zA-Z]))/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\\lbrace(?![a-zA-Z])/g, '\\{')
    .replace(/\\rbrace(?![a-zA-Z])/g, '\\}')
    .replace(/\\[dt]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°|\\degree(?![a-zA-Z])/g, '')
    .replace(/\\\$|\$/g, '')
    .replace(/\\%/g, '%')
    .replace(/\{,\}/g, ',');
  s = unwrapText(s);
  return s.replace(/\\circ\s*$/, '');
}

/** `\frac12`, `\frac 59`, `\frac9{19}`, `\sqrt2` → fully braced forms. */
function braceShorthand(s: string): string {
  return s
    .replace(/\\frac\s*([0-9a-zA-Z])\s*([0-9a-zA-Z])/g, '\\frac{$1}{$2}')
    .replace(/\\frac\s*([0-9a-zA-Z])\s*\{/g, '\\frac{$1}{')
    .replace(/\\frac\s*(\{[^{}]*\})\s*([0-9a-zA-Z])/g, '\\frac$1{$2}')
    .replace(/\\sqrt\s*([0-9a-zA-Z])/g, '\\sqrt{$1}');
}

/** Drops whitespace except the space that ends a command name before a letter (`\pi r`). */
function squeezeSpaces(s: string): string {
  return s.replace(/(\\[a-zA-Z]+)?\s+(?=([a-zA-Z])?)/g, (_, command?: string, letter?: string) =>
    command ? (letter ? `${command} ` : command) : '',
  );
}

/**
 * A canonical spelling of an answer for comparison: math delimiters, `\boxed`, LaTeX spacing,
 * `\left`/`\right`, `\text{}` wrappers, units, degree signs and dollar signs removed; fraction
 * shorthands braced; thousands separators dropped; "x = 5" and "x \in S" reduced to the value.
 */
export function normalizeAnswer(answer: string): string {
  let s = stripDecorations(answer);
  const units = TRAILING_UNITS.exec(s.trim());
  if (units?.[1]) s = units[1];
  s = braceShorthand(s);
  s = squeezeSpaces(s);
  // "x=5", "y_1 = 3", "x\in[-2,7]": the value is what follows (but keep real equations)
  const assigned = /^[a-zA-Z](?:_\{?\w+\}?)?(?:=|\\in(?![a-zA-Z]))(.+)$/.exec(s)?.[1];
  if (assigned !== undefined && !assigned.includes('=')) s = assigned;
  if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(/\.$/, '').replace(/^\+(?=.)/, '');
  const choice = /^\(([A-Ea-e])\)$/.exec(s)?.[1];
  if (choice) return choice.toUpperCase();
  // Words ("Evelyn", "even") compare without case; single letters stay case-sensitive
  return /^[a-zA-Z][a-zA-Z ]+$/.test(s) ? s.toLowerCase() : s;
}
