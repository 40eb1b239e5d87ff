/** A plain number read from a normalized answer; `percent` marks a trailing `%`. */
export interface NumericValue {
  value: number;
  percent: boolean;
  /** Canonical digits when the answer is a plain decimal literal, compared exactly. */
  literal: string | null;
}

const DECIMAL = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const INTEGER = String.raw`[+-]?\d+`;
const PATTERNS: [RegExp, (m: RegExpExecArray) => number][] = [
  [new RegExp(`^${DECIMAL}$`), (m) => Number(m[0])],
  [
    new RegExp(`^(${DECIMAL})(?:e|\\\\times10\\^)\\{?(${INTEGER})\\}?$`),
    (m) => Number(`${m[1]}e${m[2]}`),
  ],
  [new RegExp(`^(${INTEGER})/(\\d+)$`), (m) => Number(m[1]) / Number(m[2])],
  [
    new RegExp(`^([+-]?)\\\\frac\\{(${DECIMAL})\\}\\{(${DECIMAL})\\}$`),
    (m) => sign(m[1]) * (Number(m[2]) / Number(m[3])),
  ],
  // Mixed numbers as MATH writes them: 1\frac{4}{5} is 9/5, not 4/5
  [
    new RegExp(`^([+-]?)(\\d+)\\\\frac\\{(\\d+)\\}\\{(\\d+)\\}$`),
    (m) => sign(m[1]) * (Number(m[2]) + Number(m[3]) / Number(m[4])),
  ],
  [/^([+-]?)\\infty$/, (m) => sign(m[1]) * Infinity],
];

/** `+007.50` → `7.5`, `-0` → `0`: one spelling per decimal value, any size. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = unsigned.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  const magnitude = decimals ? `${digits}.${decimals}` : digits;
  return negative && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

function sign(s: string | undefined): number {
  return s === '-' ? -1 : 1;
}

/**
 * The value of an answer that is just a number — integer, decimal, `a/b`, `\frac{a}{b}`,
 * mixed number, `1.2e3` / `1.2\times10^{3}`, ±∞, optionally with `%` — else null. Expects
 * `normalizeAnswer` output (no spaces, thousands separators already removed).
 */
export function numericValue(normalized: string): NumericValue | null {
  const percent = normalized.endsWith('%');
  const body = percent ? normalized.slice(0, -1) : normalized;
  for (const [pattern, read] of PATTERNS) {
    const match = pattern.exec(body);
    if (!match) continue;
    const value = read(match);
    if (Number.isNaN(value)) return null;
    return {
      value,
      percent,
      literal: pattern === PATTERNS[0]?.[0] ? canonicalDecimal(body) : null,
    };
  }
  return null;
}

/** Equal within a relative tolerance (exact for infinities and zero). */
export function closeEnough(a: number, b: number, relativeTolerance = 1e-6): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Compares two numbers by value; the tolerance only applies where a conversion happened
 * (`\frac{1}{3}` vs `0.333333`). A percentage matches both its own number and that number
 * ÷ 100 (`50%` = `50` = `0.5`) because solutions drop or convert the sign freely; two plain
 * numbers or two percentages must match exactly (`50` ≠ `0.5`).
 */
export function numbersEquivalent(a: NumericValue, b: NumericValue): boolean {
  // Two written-out decimals are equal only digit for digit: 1000001 ≠ 1000000 despite the tolerance
  if (a.percent === b.percent && a.literal !== null && b.literal !== null)
    return a.literal === b.literal;
  if (a.percent === b.percent) return closeEnough(a.value, b.value);
  const percent = a.percent ? a : b;
  const plain = a.percent ? b : a;
  return closeEnough(percent.value, plain.value) || closeEnough(percent.value / 100, plain.value);
}
