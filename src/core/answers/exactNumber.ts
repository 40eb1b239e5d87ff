/**
 * A number read exactly from a normalized answer: a rational num/den (BigInt, any size),
 * whether it was written with a decimal point (then it is a rounded value and compares at the
 * grading precision), and whether it carried `\%`.
 */
export interface ExactNumber {
  num: bigint;
  den: bigint;
  inexact: boolean;
  percent: boolean;
}

const DECIMAL = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint, inexact: boolean, percent: boolean): ExactNumber | null {
  if (den === 0n) return null;
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g, inexact, percent };
}

/** "12.50" → 1250/100; "-.5" → -5/10; "3e-2" → 3/100. */
function decimal(text: string): { num: bigint; den: bigint; inexact: boolean } | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d{1,4}))?$/i.exec(text);
  if (!m || (m[2] === '' && !m[3])) return null;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = m;
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e > 0) num *= 10n ** BigInt(e);
  if (e < 0) den *= 10n ** BigInt(-e);
  return { num: sign === '-' ? -num : num, den, inexact: text.includes('.') };
}

const FRACTION = new RegExp(`^([+-]?)\\\\frac\\{([+-]?${DECIMAL})\\}\\{([+-]?${DECIMAL})\\}$`);
const MIXED = /^([+-]?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/;
const SLASH = new RegExp(`^([+-]?${DECIMAL})/([+-]?${DECIMAL})$`);
const SCIENTIFIC = new RegExp(
  `^([+-]?${DECIMAL})(?:\\\\times|\\\\cdot|\\*)10\\^(?:\\{([+-]?\\d{1,4})\\}|([+-]?\\d))$`,
);

function quotient(a: string, b: string, negate: boolean, percent: boolean): ExactNumber | null {
  const x = decimal(a);
  const y = decimal(b);
  if (!x || !y) return null;
  const num = x.num * y.den * (negate ? -1n : 1n);
  return make(num, x.den * y.num, x.inexact || y.inexact, percent);
}

/**
 * The exact value of an answer that is just a number — integer, decimal, `a/b`, `\frac{a}{b}`,
 * a mixed number as MATH writes it (`1\frac{4}{5}` is 9/5), `1.2e3`, `1.2\times10^{3}` — with an
 * optional `\%`; else null. Expects `normalizeAnswer` output (no spaces or separators).
 */
export function exactNumber(normalized: string): ExactNumber | null {
  const percent = /\\%$/.test(normalized);
  const body = percent ? normalized.slice(0, -2) : normalized;
  const plain = decimal(body);
  if (plain) return make(plain.num, plain.den, plain.inexact, percent);
  let m = FRACTION.exec(body);
  if (m) return quotient(m[2] ?? '', m[3] ?? '', m[1] === '-', percent);
  m = SLASH.exec(body);
  if (m) return quotient(m[1] ?? '', m[2] ?? '', false, percent);
  m = MIXED.exec(body);
  if (m) {
    const [, sign, whole = '', num = '', den = ''] = m;
    if (BigInt(den) === 0n || BigInt(num) >= BigInt(den)) return null;
    const value = BigInt(whole) * BigInt(den) + BigInt(num);
    return make(sign === '-' ? -value : value, BigInt(den), false, percent);
  }
  m = SCIENTIFIC.exec(body);
  if (m) {
    const mantissa = decimal(m[1] ?? '');
    const e = Number(m[2] ?? m[3] ?? '0');
    if (!mantissa) return null;
    const scale = 10n ** BigInt(Math.abs(e));
    return e >= 0
      ? make(mantissa.num * scale, mantissa.den, mantissa.inexact, percent)
      : make(mantissa.num, mantissa.den * scale, mantissa.inexact, percent);
  }
  return null;
}

/** num/den rounded half away from zero to `places` decimals, as a scaled integer. */
function roundScaled(num: bigint, den: bigint, places: number): bigint {
  const scaled = num * 10n ** BigInt(places);
  const q = scaled / den;
  const r = scaled % den;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice >= den) return scaled < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * Whether two rationals are the same answer. Exactly equal, or — when either was written as a
 * rounded decimal — equal when rounded to `precision` decimals (Math-Verify's rule), or closer
 * than half a unit in that last place (so 0.1234565 and 0.1234564999 are not torn apart by the
 * rounding boundary).
 */
export function rationalsMatch(
  a: { num: bigint; den: bigint },
  b: { num: bigint; den: bigint },
  rounded: boolean,
  precision: number,
): boolean {
  if (a.num * b.den === b.num * a.den) return true;
  if (!rounded) return false;
  if (roundScaled(a.num, a.den, precision) === roundScaled(b.num, b.den, precision)) return true;
  const diffNum = a.num * b.den - b.num * a.den;
  const diffDen = a.den * b.den;
  const abs = diffNum < 0n ? -diffNum : diffNum;
  // |diff| < 0.5·10^-p  ⇔  2·|diff|·10^p < den
  return 2n * abs * 10n ** BigInt(precision) < diffDen;
}

/**
 * Compares two numbers as answers. A percentage is its number ÷ 100; when `expected` is a
 * percentage (or in symmetric mode, either side), its bare number also matches, because
 * solutions drop the sign freely (`28\%` accepts 28 and 0.28, while `40/9` does not accept
 * `40/9\%`).
 */
export function numbersMatch(
  expected: ExactNumber,
  predicted: ExactNumber,
  precision: number,
  symmetric: boolean,
): boolean {
  const rounded = expected.inexact || predicted.inexact;
  const asValue = (n: ExactNumber) => (n.percent ? { num: n.num, den: n.den * 100n } : n);
  if (rationalsMatch(asValue(expected), asValue(predicted), rounded, precision)) return true;
  const lenientExpected = expected.percent && !predicted.percent;
  const lenientPredicted = symmetric && predicted.percent && !expected.percent;
  return (
    (lenientExpected && rationalsMatch(expected, predicted, rounded, precision)) ||
    (lenientPredicted && rationalsMatch(expected, predicted, rounded, precision))
  );
}
