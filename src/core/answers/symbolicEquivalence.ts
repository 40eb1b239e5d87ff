import { ComputeEngine } from '@cortex-js/compute-engine';
import type { BoxedExpression } from '@cortex-js/compute-engine';

let engine: ComputeEngine | undefined;

/** One shared engine, built on first use: construction costs tens of milliseconds. */
function computeEngine(): ComputeEngine {
  engine ??= new ComputeEngine({ precision: 'machine' });
  return engine;
}

/** Longer inputs are not short answers; parsing them could take long for nothing. */
const MAX_LENGTH = 150;
/**
 * A run of plain letters is prose, not math (`\frac`, `\sin` are commands). The engine reads
 * each letter as a variable and can spend seconds on one sentence, so prose is refused.
 */
const PROSE = /(?<![\\a-zA-Z])[a-zA-Z]{4,}/;
/** Points at which expressions with free variables are compared (avoid 0, 1 and symmetry). */
const SAMPLE_POINTS = [0.5377, 1.8339, -2.2588, 0.8622, 3.1416];
const MIN_DEFINED_POINTS = 3;

/**
 * Single letters the engine binds to its own functions and constants (D is the derivative,
 * N numeric evaluation, G Catalan's constant); in an answer they are variables or points.
 * `e` and `i` keep their usual meaning.
 */
const RESERVED_LETTER = /(?<![\\a-zA-Z])([DGN])(?![a-zA-Z])/g;

function parse(latex: string): BoxedExpression | null {
  if (latex.length > MAX_LENGTH || PROSE.test(latex)) return null;
  const expr = computeEngine().parse(latex.replace(RESERVED_LETTER, '\\mathrm{$1var}'));
  return expr.isValid ? expr : null;
}

function valuesClose(a: BoxedExpression, b: BoxedExpression): boolean | null {
  const [ar, ai, br, bi] = [a.re, a.im, b.re, b.im];
  if ([ar, ai, br, bi].some((v) => Number.isNaN(v))) return null;
  const close = (x: number, y: number): boolean =>
    x === y || Math.abs(x - y) <= 1e-9 + 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  return close(ar, br) && close(ai, bi);
}

function sameValueAtSamples(a: BoxedExpression, b: BoxedExpression, names: string[]): boolean {
  const ce = computeEngine();
  let defined = 0;
  for (let p = 0; p < SAMPLE_POINTS.length; p++) {
    // Each variable gets its own value so that x+2y and 2x+y differ
    const point = Object.fromEntries(
      names.map((name, k) => [
        name,
        ce.number((SAMPLE_POINTS[(p + k) % SAMPLE_POINTS.length] ?? 0) + k / 7),
      ]),
    );
    const close = valuesClose(a.subs(point).N(), b.subs(point).N());
    if (close === false) return false;
    if (close) defined++;
  }
  return defined >= MIN_DEFINED_POINTS;
}

/**
 * Whether two LaTeX expressions are mathematically equal according to the compute engine:
 * same structure after canonical parsing, or the same numeric value (constants), or the
 * same values at several sample points (expressions in the same free variables). Never
 * throws; anything the engine cannot read is "not equivalent".
 */
export function symbolicallyEquivalent(a: string, b: string): boolean {
  try {
    const x = parse(a);
    const y = parse(b);
    if (!x || !y) return false;
    if (x.isSame(y)) return true;
    // Sampled over the union of variables: sin²x + cos²x equals 1 although 1 has no x
    const names = [...new Set([...x.unknowns, ...y.unknowns])].sort();
    if (names.length === 0) return valuesClose(x.N(), y.N()) === true;
    return sameValueAtSamples(x, y, names);
  } catch {
    return false;
  }
}
