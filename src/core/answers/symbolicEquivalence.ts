import type { ComputeEngine, Expression } from '@cortex-js/compute-engine';
import { tooLargeToEvaluate } from './magnitudeBound';
import { MAX_SYMBOLIC_LENGTH, Undecided, type SymbolicSession } from './symbolicSession';

/**
 * A run of plain letters is prose, not math (`\frac`, `\sin` are commands). The engine reads
 * each letter as a variable, so a sentence would compare as a product of letters.
 */
const PROSE = /(?<![\\a-zA-Z])[a-zA-Z]{5,}/;
/** Relative tolerance for exact expressions evaluated numerically (`\frac{\sqrt2}{2}` vs `\frac1{\sqrt2}`). */
const RELATIVE = 1e-12;

export interface NumericOptions {
  /** Decimal places compared when either side was written with a decimal point. */
  precision: number;
  /** Whether either side was written as a rounded decimal. */
  rounded: boolean;
}

function parse(session: SymbolicSession, latex: string): Expression | null {
  if (latex.length > MAX_SYMBOLIC_LENGTH)
    throw new Undecided(`answer longer than ${MAX_SYMBOLIC_LENGTH} characters`);
  if (PROSE.test(latex.replace(/\\(?:begin|end)\{[^}]*\}|\\[a-zA-Z]+/g, ''))) return null;
  const expr = session.run((ce) => {
    const parsed = ce.parse(latex);
    return parsed.isValid ? parsed : null;
  });
  if (expr && tooLargeToEvaluate(expr.json)) throw new Undecided('a value too large to evaluate');
  return expr;
}

/** An exact number (integer or rational) the engine evaluated to, as a fraction; null otherwise. */
function exactValue(expr: Expression): { num: bigint; den: bigint } | null {
  const json: unknown = expr.json;
  const int = (v: unknown): bigint | null =>
    typeof v === 'number' && Number.isSafeInteger(v)
      ? BigInt(v)
      : typeof v === 'string' && /^-?\d+$/.test(v)
        ? BigInt(v)
        : typeof v === 'object' &&
            v !== null &&
            'num' in v &&
            typeof v.num === 'string' &&
            /^-?\d+$/.test(v.num)
          ? BigInt(v.num)
          : null;
  const whole = int(json);
  if (whole !== null) return { num: whole, den: 1n };
  if (Array.isArray(json) && json[0] === 'Rational') {
    const num = int(json[1]);
    const den = int(json[2]);
    return num !== null && den !== null && den !== 0n ? { num, den } : null;
  }
  return null;
}

function roundTo(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

function numbersClose(a: number, b: number, options: NumericOptions): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (options.rounded) {
    const p = options.precision;
    return roundTo(a, p) === roundTo(b, p) || Math.abs(a - b) < 0.5 * 10 ** -p;
  }
  return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** The value of a constant expression as a complex number; null when it does not evaluate. */
function complexValue(session: SymbolicSession, expr: Expression): [number, number] | null {
  return session.run(() => {
    const n = expr.N();
    const re = n.re;
    const im = n.im;
    return Number.isNaN(re) || Number.isNaN(im) ? null : [re, im];
  });
}

/** Both expressions parsed, or null when either is not math the engine reads. */
function parsePair(
  session: SymbolicSession,
  a: string,
  b: string,
): [Expression, Expression] | null {
  const x = engineCall(session, () => parse(session, a), null);
  const y = x && engineCall(session, () => parse(session, b), null);
  return x && y ? [x, y] : null;
}

function engineCall<T>(session: SymbolicSession, work: (ce: ComputeEngine) => T, otherwise: T): T {
  try {
    return session.run(work);
  } catch (error) {
    if (error instanceof Undecided) throw error;
    if (error instanceof RangeError) throw new Undecided('a value too large to evaluate');
    return otherwise;
  }
}

/**
 * Whether two LaTeX expressions are equal according to the compute engine: the same canonical
 * form; for constants the same exact value (integers and fractions compare exactly, so 2^1009
 * and 2^1009+1 differ) or the same numeric value (rounded to `precision` decimals when either
 * was written as a decimal); with free variables an identity the engine establishes
 * (`isIdenticallyEqual`). Throws `Undecided` when the session's budget runs out.
 */
export function symbolicallyEqual(
  session: SymbolicSession,
  a: string,
  b: string,
  options: NumericOptions,
): boolean {
  const pair = parsePair(session, a, b);
  if (!pair) return false;
  const [x, y] = pair;
  if (engineCall(session, () => x.isSame(y), false)) return true;
  const unknowns = new Set([...x.unknowns, ...y.unknowns]);
  if (unknowns.size === 0) {
    const ex = engineCall(session, () => x.evaluate(), null);
    const ey = engineCall(session, () => y.evaluate(), null);
    if (ex && ey && engineCall(session, () => ex.isSame(ey), false)) return true;
    const qx = ex && exactValue(ex);
    const qy = ey && exactValue(ey);
    if (qx && qy) return qx.num * qy.den === qy.num * qx.den;
    const vx = engineCall(session, () => complexValue(session, x), null);
    const vy = engineCall(session, () => complexValue(session, y), null);
    if (!vx || !vy) return false;
    return numbersClose(vx[0], vy[0], options) && numbersClose(vx[1], vy[1], options);
  }
  // The engine's identity check can say yes when its own samples overflow (a power tower in x
  // vs one in y), so a yes must also hold at our sample points.
  return (
    engineCall(session, () => x.isIdenticallyEqual(y) === true, false) &&
    samplesAgree(session, x, y)
  );
}

/** Points at which expressions in free variables are compared (avoiding 0, 1 and symmetry). */
const SAMPLES = [0.5377, 1.8339, -2.2588, 0.8622, 3.1416, -1.3077];

/** The `p`-th sample point for the variables `names` (each variable gets a different value). */
function samplePoint(names: readonly string[], p: number): Record<string, number> {
  return Object.fromEntries(
    names.map((name, k) => [name, (SAMPLES[(p + k) % SAMPLES.length] ?? 0) + k / 7]),
  );
}

/** The complex value of `expr` at `point`; null when it is not a finite number there. */
function valueAt(expr: Expression, point: Record<string, number>): [number, number] | null {
  const n = expr.subs(point).N();
  const [re, im] = [n.re, n.im];
  return Number.isFinite(re) && Number.isFinite(im) ? [re, im] : null;
}

const closeTo = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Whether two expressions in free variables take the same value at every sample point where
 * both are defined, with at least two such points.
 */
function samplesAgree(session: SymbolicSession, x: Expression, y: Expression): boolean {
  const names = [...new Set([...x.unknowns, ...y.unknowns])].sort();
  let agreed = 0;
  for (let p = 0; p < SAMPLES.length; p++) {
    const point = samplePoint(names, p);
    const vx = engineCall(session, () => valueAt(x, point), null);
    const vy = engineCall(session, () => valueAt(y, point), null);
    if (!vx || !vy) continue;
    if (!closeTo(vx[0], vy[0]) || !closeTo(vx[1], vy[1])) return false;
    agreed++;
  }
  return agreed >= 2;
}

/**
 * Whether `a` = c·`b` for one nonzero constant c (positive when `positive`): two equations or
 * inequalities written `lhs − rhs` describe the same relation. Sampled at several points.
 */
export function proportional(
  session: SymbolicSession,
  a: string,
  b: string,
  positive: boolean,
): boolean {
  const pair = parsePair(session, a, b);
  if (!pair) return false;
  const [x, y] = pair;
  const names = [...new Set([...x.unknowns, ...y.unknowns])].sort();
  let ratio: number | null = null;
  let defined = 0;
  for (let p = 0; p < SAMPLES.length && defined < 4; p++) {
    const point = samplePoint(names, p);
    const vx = engineCall(session, () => x.subs(point).N().re, Number.NaN);
    const vy = engineCall(session, () => y.subs(point).N().re, Number.NaN);
    if (!Number.isFinite(vx) || !Number.isFinite(vy) || Math.abs(vy) < 1e-12) continue;
    const r = vx / vy;
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-9 * Math.max(1, Math.abs(ratio))) return false;
    defined++;
  }
  if (ratio === null || defined < 3 || Math.abs(ratio) < 1e-12) return false;
  return !positive || ratio > 0;
}

/**
 * The entries of a matrix expression the engine evaluates (`A + B`, `AB` with written
 * matrices), row by row as LaTeX; null when it is not one.
 */
export function matrixEntries(session: SymbolicSession, latex: string): string[][] | null {
  const x = engineCall(session, () => parse(session, latex), null);
  if (!x) return null;
  const json: unknown = engineCall(session, (): unknown => x.evaluate().json, null);
  const body: unknown = Array.isArray(json) && json[0] === 'Matrix' ? json[1] : json;
  if (!Array.isArray(body) || body[0] !== 'List') return null;
  const rows = body.slice(1);
  if (!rows.every((r) => Array.isArray(r) && r[0] === 'List')) return null;
  return engineCall(
    session,
    (ce) => rows.map((r) => (r as unknown[]).slice(1).map((cell) => ce.box(cell as never).latex)),
    null,
  );
}
