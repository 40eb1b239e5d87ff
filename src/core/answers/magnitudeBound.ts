/**
 * A rough upper bound on the number of decimal digits of a MathJSON expression's value, to keep
 * the compute engine away from numbers it would spend minutes building (`2^{2^{2^{30}}}`,
 * `9^{9^{9}}`, a product over a million terms): one BigInt operation cannot be interrupted by
 * the engine's time limit. Variables count as small numbers (they are sampled at small points).
 */

/** Beyond this many digits an exact or numeric evaluation is not attempted. */
export const MAX_DIGITS = 1_000_000;
/** Sums and products over more terms than this are not evaluated. */
const MAX_TERMS = 1_000_000;

type Json = unknown;

function numberDigits(value: Json): number | null {
  if (typeof value === 'number') return Math.log10(Math.abs(value) + 1);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'num' in value) {
    const text = String(value.num);
    const exponent = /e([-+]?\d+)/i.exec(text);
    const mantissa = text.replace(/e.*$/i, '').replace(/[^0-9]/g, '').length;
    return mantissa + (exponent ? Math.max(0, Number(exponent[1])) : 0);
  }
  return null;
}

/** The value a bound of `digits` digits allows: at most 10^digits. */
const largest = (digits: number) => (digits > 300 ? Infinity : 10 ** digits);

function rangeTerms(args: readonly Json[]): number {
  let terms = 1;
  for (const limits of args.slice(1)) {
    if (!Array.isArray(limits)) continue;
    const parts = limits as Json[];
    const hi = parts.at(-1);
    const lo = parts.length > 3 ? parts[2] : 0;
    terms *= largest(digitsBound(hi)) + largest(digitsBound(lo));
  }
  return terms;
}

/** Upper bound on log10(|value| + 1) of `json`; Infinity when it exceeds every sane size. */
export function digitsBound(json: Json): number {
  const digits = numberDigits(json);
  if (digits !== null) return digits;
  if (!Array.isArray(json)) return 1;
  const [head, ...args] = json as [Json, ...Json[]];
  const bound = (k: number) => digitsBound(args[k]);
  switch (head) {
    case 'Power': {
      const exponent = largest(bound(1));
      // log10(2) at least: a base below 2 still counts as 2
      return exponent * Math.max(bound(0), 0.302);
    }
    case 'Exp':
      return largest(bound(0)) * 0.4343;
    case 'Factorial':
    case 'Factorial2':
    case 'Gamma': {
      const n = largest(bound(0));
      return n * Math.log10(n + 1);
    }
    case 'Binomial':
      return largest(bound(0)) * 0.302;
    case 'Sum':
    case 'Product': {
      const terms = rangeTerms(args);
      if (terms > MAX_TERMS) return Infinity;
      const body = bound(0);
      return head === 'Sum' ? body + Math.log10(terms) : body * terms;
    }
    case 'Multiply':
    case 'Divide':
    case 'Rational':
      return args.reduce<number>((sum, a) => sum + digitsBound(a), 0);
    default:
      return (
        args.reduce<number>((max, a) => Math.max(max, digitsBound(a)), 0) +
        Math.log10(args.length + 1)
      );
  }
}

/** Whether evaluating `json` could build a number of more than MAX_DIGITS digits. */
export function tooLargeToEvaluate(json: Json): boolean {
  return !(digitsBound(json) <= MAX_DIGITS);
}
