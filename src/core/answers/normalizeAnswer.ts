import { findBoxes } from './boxedAnswers';
import { stripMathDelimiters } from './extractAnswer';
import { matchingBrace } from './latexScan';

const UNICODE: [RegExp, string][] = [
  [/[\u2212\u2013\u2014]/g, '-'],
  [/π/g, '\\pi '],
  [/√/g, '\\sqrt'],
  [/[×✕]/g, '\\times '],
  [/·/g, '\\cdot '],
  [/÷/g, '\\div '],
  [/∞/g, '\\infty '],
  [/≤/g, '\\le '],
  [/≥/g, '\\ge '],
  [/≠/g, '\\ne '],
  [/≈/g, '\\approx '],
  [/∪/g, '\\cup '],
  [/∈/g, '\\in '],
  [/²/g, '^2'],
  [/³/g, '^3'],
  [/°/g, '^\\circ'],
  [/[“”]/g, '"'],
  [/[‘’]/g, "'"],
];

/**
 * Unit words dropped after a value ("5 cm", "12 dollars", `15\mbox{ cm}^2`). Plural `s` is
 * optional; a unit is only dropped after a number or a closing brace and a space.
 */
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
  'km/h',
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
  'mins?',
  'hours?',
  'hrs?',
  'h',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'dollars?',
  'cents?',
  'euros?',
  'yuan',
  'rupees?',
  'degrees?',
  'radians?',
  'people',
  'persons?',
  'students?',
  'ways',
  'times',
  'points?',
  'pieces?',
  'items?',
].join('|');
const TRAILING_UNITS = new RegExp(
  `^(.*?[\\d}.)])(?:\\s+(?:${UNIT_WORDS})\\b\\.?)+\\s*(?:\\^\\{?[23]\\}?)?$`,
  'i',
);

/** Unit words only ("cubic units", "square inches"): dropped after a constant such as `\pi`. */
const ONLY_UNITS = new RegExp(`^\\s*(?:(?:${UNIT_WORDS})\\b\\.?\\s*)+$`, 'i');

const TEXT_COMMANDS =
  /\\(?:text|textnormal|textbf|textit|textrm|textup|textsf|texttt|mbox|hbox|mathrm|mathbf|mathit|mathsf|mathtt|mathnormal|boldsymbol|bm|operatorname\*?)\s*\{/g;

/** Replaces each `\text{…}`-like wrapper by its content, dropping it when it is a unit after a value. */
function unwrapText(s: string): string {
  let out = s;
  for (const match of [...out.matchAll(TEXT_COMMANDS)].reverse()) {
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(out, open);
    if (close < 0) continue;
    const inner = out.slice(open + 1, close);
    const before = out.slice(0, match.index).trim();
    const after = out.slice(close + 1).replace(/^\s*\^\s*\{?[23]\}?/, '');
    const unit =
      /^\s*[a-zA-Z][a-zA-Z\s.]*$/.test(inner) &&
      (/[\d}.)]$/.test(before) || (/\\[a-zA-Z]+$/.test(before) && ONLY_UNITS.test(inner))) &&
      after.trim().replace(/^[.,;]$/, '') === '' &&
      !/^\s*(?:and|or)\s*$/i.test(inner);
    out = unit ? before : `${out.slice(0, match.index)}${inner}${out.slice(close + 1)}`;
  }
  return out;
}

/** `\frac12`, `\frac 59`, `\frac9{19}`, `\frac{9}4`, `\sqrt2`, `\sqrt 2` → fully braced forms. */
function braceShorthand(s: string): string {
  return s
    .replace(/\\frac\s*([0-9a-zA-Z])\s*([0-9a-zA-Z])/g, '\\frac{$1}{$2}')
    .replace(/\\frac\s*([0-9a-zA-Z])\s*\{/g, '\\frac{$1}{')
    .replace(/\\frac\s*(\{[^{}]*\})\s*([0-9a-zA-Z])/g, '\\frac$1{$2}')
    .replace(/\\sqrt\s*([0-9a-zA-Z])/g, '\\sqrt{$1}')
    .replace(/\\(binom)\s*([0-9a-zA-Z])\s*([0-9a-zA-Z])/g, '\\$1{$2}{$3}');
}

/** Drops whitespace except the space that ends a command name before a letter (`\pi r`). */
function squeezeSpaces(s: string): string {
  return s.replace(/(\\[a-zA-Z]+)?\s+(?=([a-zA-Z])?)/g, (_, command?: string, letter?: string) =>
    command ? (letter ? `${command} ` : command) : '',
  );
}

const PERCENT_WORDS = /\s*(?:\\%|%|\bpercent(?:age)?\b|\bpct\b)/gi;

/** Spellings that never change an answer's value: layout, sizing, spacing, styles, `$`. */
function stripDecorations(text: string): string {
  let s = text;
  for (const [from, to] of UNICODE) s = s.replace(from, to);
  // Doubled backslashes before command names (`\\frac`) come from over-escaped JSON
  if (!/matrix|array|align|cases/.test(s)) s = s.replace(/\\\\(?=[a-zA-Z])/g, '\\');
  s = stripMathDelimiters(s);
  const boxes = findBoxes(s);
  if (boxes.length) s = boxes.map((b) => b.content).join(', ');
  s = s
    .replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)(?![a-zA-Z])/g, '')
    .replace(/\\m?(?:left|right)\s*(?:\.|(?![a-zA-Z]))/g, '')
    .replace(/\\(?:big|Big|bigg|Bigg)[lrm]?(?![a-zA-Z])/g, '')
    .replace(/\\mathrm\s*\{\s*th\s*\}/g, '')
    .replace(/\\!\s*/g, '')
    .replace(/(?<!\\)\\(?:[,;: ]|q?quad(?![a-zA-Z]))/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\\lbrace(?![a-zA-Z])/g, '\\{')
    .replace(/\\rbrace(?![a-zA-Z])/g, '\\}')
    .replace(/\\l(?:vert|Vert)(?![a-zA-Z])|\\r(?:vert|Vert)(?![a-zA-Z])|\\vert(?![a-zA-Z])/g, '|')
    .replace(/\\langle(?![a-zA-Z])/g, '(')
    .replace(/\\rangle(?![a-zA-Z])/g, ')')
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    // as in Math-Verify (SymPy), \log without a base is the natural logarithm
    .replace(/\\log(?![a-zA-Z_])/g, '\\ln')
    .replace(
      /\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])|\^\s*\{\s*o\s*\}/g,
      '',
    )
    .replace(/\\\$|\$/g, '')
    .replace(/\s*\{\s*,\s*\}\s*/g, ',')
    .replace(/\\(?:ldots|cdots|dots)(?![a-zA-Z])/g, '\\ldots')
    .replace(/\\infin(?:ity)?(?![a-zA-Z])|(?<![\\a-zA-Z])infinity\b/g, '\\infty')
    .replace(/\\text\s*\{\s*\}/g, '');
  s = s.replace(/\\text\s*\{\s*(?:percent(?:age)?|pct)\s*\}/gi, '\\%');
  s = unwrapText(s);
  return s.replace(/\n/g, ' ');
}

/** Relations in one spelling each: `\le`, `\ge`, `\ne`, `<`, `>`. */
function canonicalRelations(s: string): string {
  return s
    .replace(/\\(?:leq?slant|leqq|leq|le)(?![a-zA-Z])|<=|=</g, '\\le ')
    .replace(/\\(?:geq?slant|geqq|geq|ge)(?![a-zA-Z])|>=|=>/g, '\\ge ')
    .replace(/\\(?:neq|ne)(?![a-zA-Z])|!=|\\not\s*=/g, '\\ne ')
    .replace(/\\lt(?![a-zA-Z])/g, '<')
    .replace(/\\gt(?![a-zA-Z])/g, '>')
    .replace(/~=|\\simeq(?![a-zA-Z])|\\thickapprox(?![a-zA-Z])/g, '\\approx ');
}

/** "and" / "or" / `\text{ and }` between items are list separators, as commas are. */
function listWords(s: string): string {
  return s.replace(/\s*,?\s*(?<![a-zA-Z\\])(?:and|or)(?![a-zA-Z])\s*/gi, ',');
}

/**
 * A canonical spelling of an answer for comparison: math delimiters, boxes, LaTeX spacing and
 * sizing, `\text{}`-style wrappers, units, degree and dollar signs removed; `\dfrac`/`\tfrac`/
 * `\cfrac` → `\frac`; fraction and root shorthands braced; relations spelled one way; percent
 * words → `\%`; "and"/"or" → commas; `x \in S` → S; thousands separators and a final full stop
 * dropped. Words compare without case; single letters keep theirs.
 */
export function normalizeAnswer(answer: string): string {
  let s = stripDecorations(answer.trim());
  s = s.replace(PERCENT_WORDS, '\\%').replace(/\\%(?:\s*\\%)+/g, '\\%');
  s = canonicalRelations(s);
  s = listWords(s);
  const units = TRAILING_UNITS.exec(s.trim());
  if (units?.[1]) s = units[1];
  // thousands: "58,500", "11,111,111,100", "14{,}916" (after a comma, a space starts a new item)
  if (/^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?:\\%)?$/.test(s.trim())) s = s.replace(/,/g, '');
  s = braceShorthand(s);
  s = squeezeSpaces(s);
  // "(x,y):(0,2),(4,23)": a label naming what the list holds
  s = s.replace(/^\([a-zA-Z](?:,[a-zA-Z])+\):(?=.)/, '');
  // "x \in [-2,7]" and "x\in\{1,2\}": the set is the answer
  const member = /^[a-zA-Z](?:_\{?\w+\}?)?\\in(?![a-zA-Z])(.+)$/.exec(s)?.[1];
  if (member !== undefined) s = member;
  // set-builder "\{x \mid 2 \le x < 5\}" (also "|", ":", "x \in \mathbb{R}"): its condition
  const builder = /^\\\{[a-zA-Z](?:\\in\\mathbb\{?R\}?)?(?:\\mid|\||:)(.+)\\\}$/.exec(s)?.[1];
  if (builder !== undefined && /[<>]|\\[lg]e|\\ne/.test(builder)) s = builder;
  s = s
    .replace(/(?<!\.)[.,;:]$/, '')
    .replace(/^[=:]+/, '')
    .replace(/^\+(?=.)/, '')
    .replace(/^,+|,+$/g, '');
  // "52_8", "4210_{5}": a numeral in a named base is compared by its digits, as written
  s = s.replace(/^(\d[0-9A-F]*)_\{?\d+\}?$/, '$1');
  // a residue: "2 \pmod{5}", "17 \equiv 2 \pmod 5" → 2
  s = s.replace(/\\[pb]?mod\s*(?:\{[^{}]*\}|\d+)$/, '');
  s = /^[^=<>]+\\equiv(?![a-zA-Z])([^=<>]+)$/.exec(s)?.[1] ?? s;
  // one spelling each for the empty set and the real line
  if (/^(?:\\\{\\\}|\{\}|\\varnothing|\\emptyset)$/.test(s)) s = '\\emptyset';
  if (/^\\mathbb\{?R\}?$/.test(s)) s = '(-\\infty,\\infty)';
  const choice = /^\(([A-Ea-e])\)$/.exec(s)?.[1];
  if (choice) return choice.toUpperCase();
  // Words ("Evelyn", "even") compare without case; single letters stay case-sensitive
  return /^[a-zA-Z][a-zA-Z ]+$/.test(s) ? s.toLowerCase() : s;
}
