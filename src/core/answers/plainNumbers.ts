/**
 * Numbers and small arithmetic expressions written in plain text (outside LaTeX): "1,000.99",
 * "1000,99" (decimal comma), "1 000", "4 4/9", "(1/2) / (3/4)", "28 percent", "(2, 251, 252)".
 * A number must stand on its own: glued to a letter before it ("AZYUK2A", "x2") it is refused.
 */

export interface PlainValue {
  start: number;
  end: number;
  /** The value in one unambiguous spelling: separators removed, decimal comma → point, `\%` for percent. */
  text: string;
}

const CURRENCY = '$€£¥₹₽₪₩₫฿';
/** What may stand right before a number: start, space, `=`, `**`, `(`, a currency sign. */
const ANCHOR = new RegExp(`(?:^|(?<=[\\s=(:${CURRENCY}]|\\*\\*))`);

const THOUSANDS = String.raw`[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|[1-9]\d{0,2}(?: \d{3})+(?![\d/])(?:\.\d+)?`;
const SIMPLE = String.raw`\d+(?:[.,]\d+)?|\.\d+`;
/** "1e3", "2.5E-4": scientific notation as programs print it. */
const SCIENTIFIC = String.raw`\d+(?:\.\d+)?[eE][-+]?\d+(?![a-zA-Z])`;
const NUMBER = `(?:${THOUSANDS}|${SCIENTIFIC}|${SIMPLE})(?![\\d])`;
const PERCENT = String.raw`\s*(?:\\?%|percent(?:age)?\b|pct\b)`;
const OP = String.raw`\s*[-+*×/÷^]\s*`;
/** A mixed number ("4 4/9"), or numbers joined by operators, parentheses allowed. */
const OPERAND = String.raw`\(?\s*-?(?:${NUMBER})\s*\)?`;
/** "4 4/9", "1 000 4/9": a whole number and a fraction side by side. */
const WHOLE = String.raw`(?:[1-9]\d{0,2}(?: \d{3})+|\d+)`;
const MIXED = String.raw`${WHOLE} \d+/\d+(?![\d/])`;
const MIXED_PARTS = new RegExp(String.raw`^([-+]?)(${WHOLE}) (\d+)/(\d+)$`);
const EXPRESSION = String.raw`[-+]?(?:${MIXED}|(?:${OPERAND})(?:${OP}(?:${OPERAND}))+|${NUMBER})`;
/** In a parenthesized list the commas separate items: (2,251,252) is a triple, not 2251252. */
const ITEM = String.raw`-?(?:\d+(?:\.\d+)?|\.\d+)`;
const TUPLE = String.raw`\(\s*${ITEM}(?:\s*,\s*${ITEM})+\s*\)`;

/** A number that LaTeX goes on from (`2^{10}`, `2\\sqrt{3}`, `3_{8}`) is not a plain value. */
const NOT_LATEX = String.raw`(?!\s*\^\s*\{|\\[a-zA-Z]|[_{])`;

const VALUE = new RegExp(
  `${ANCHOR.source}(?:(?<tuple>${TUPLE})|(?<expr>${EXPRESSION})${NOT_LATEX}(?<percent>${PERCENT})?)`,
  'gi',
);

/** One spelling per plain number: "1,000.99" → "1000.99", "1000,99" → "1000.99", "1 000" → "1000". */
export function plainNumber(text: string): string {
  const t = text.trim();
  if (new RegExp(`^-?(?:${THOUSANDS})$`).test(t)) return t.replace(/[, ]/g, '');
  if (/^-?\d+,\d+$/.test(t)) return t.replace(',', '.');
  return t;
}

/**
 * "4 4/9" → `4\frac{4}{9}` (the mixed-number spelling the answer reader understands); an improper
 * or undefined fraction part ("11 7/6", "4 4/0") is not a mixed number and stays unreadable text.
 */
function mixedNumber(expr: string): string | null {
  const m = MIXED_PARTS.exec(expr.trim());
  if (!m) return null;
  const [, sign = '', whole = '', num = '', den = ''] = m;
  if (Number(den) === 0 || Number(num) >= Number(den)) return `\\text{${expr.trim()}}`;
  return `${sign === '-' ? '-' : ''}${plainNumber(whole)}\\frac{${num}}{${den}}`;
}

function cleanExpression(expr: string): string {
  const mixed = mixedNumber(expr);
  if (mixed !== null) return mixed;
  return expr
    .replace(new RegExp(NUMBER, 'g'), (n) => plainNumber(n))
    .replace(/×/g, '*')
    .replace(/÷/g, '/')
    .trim();
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Every plain value of `text` between `from` and `to`, left to right. */
export function plainValues(text: string, from = 0, to = text.length): PlainValue[] {
  const found: PlainValue[] = [];
  const region = text.slice(0, to);
  VALUE.lastIndex = from;
  for (let m = VALUE.exec(region); m; m = VALUE.exec(region)) {
    const groups = m.groups ?? {};
    let raw = groups.tuple ?? groups.expr ?? '';
    let start = m.index;
    // "(1/2)" keeps its parentheses only when they pair up
    if (!balanced(raw)) {
      const trimmed = raw.replace(/^\(\s*/, '').replace(/\s*\)$/, '');
      start += raw.indexOf(trimmed);
      raw = balanced(trimmed) ? trimmed : raw.replace(/[()]/g, '');
    }
    const text_ = groups.tuple ? raw.replace(/\s+/g, '') : cleanExpression(raw);
    if (text_ === '' || text_ === '-') continue;
    found.push({
      start,
      end: m.index + m[0].length,
      text: groups.percent ? `${text_}\\%` : text_,
    });
    if (m[0].length === 0) VALUE.lastIndex++;
  }
  return found;
}
