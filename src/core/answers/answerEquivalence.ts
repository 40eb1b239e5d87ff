import { answerShape, type AnswerShape, type RelationOp } from './answerShape';
import { exactNumber, numbersMatch } from './exactNumber';
import { normalizeAnswer } from './normalizeAnswer';
import { matrixEntries, proportional, symbolicallyEqual } from './symbolicEquivalence';
import { SymbolicSession, Undecided, type ComparisonBudget } from './symbolicSession';

export { normalizeAnswer } from './normalizeAnswer';

/** The outcome of comparing two answers; "undecided" (budget spent) counts as not equal. */
export type Verdict = 'equal' | 'different' | 'undecided';

export interface CompareOptions {
  /** Decimal places compared when an answer is written as a rounded decimal (Math-Verify: 6). */
  precision?: number;
  /**
   * Compare as peers rather than reference vs prediction: used by the majority vote, where
   * "x ≥ 2" and "[2, ∞)" or "28" and "28%" are the same answer in either order.
   */
  symmetric?: boolean;
  budget?: ComparisonBudget;
}

export const DEFAULT_PRECISION = 6;

interface Context {
  precision: number;
  session: SymbolicSession;
}

/** A side with no digits outside subscripts ("x", "AB", "(p,q)", "f(x)", `\frac{NO}{BO}`) names a value. */
function namesAValue(side: string): boolean {
  const plain = side.replace(/_\{[^{}]*\}|_[a-zA-Z0-9]/g, '').replace(/\\[a-zA-Z]+/g, '');
  return /[a-zA-Z]/.test(plain) && !/\d/.test(plain);
}

type Relation = Extract<AnswerShape, { kind: 'relation' }>;

/**
 * An assignment chain: `x = …`, `z = 1 + 1 = 2`, `(p,q) = (3,2)` (only "=" and "≈"); a chain of
 * three or more sides is a worked solution line whatever its first side, so its last value counts.
 */
function isAssignment(r: Relation): boolean {
  return (
    r.ops.every((op) => op === '=' || op === '\\approx') &&
    (namesAValue(r.sides[0] ?? '') || r.sides.length > 2)
  );
}

/**
 * The value a relation chain settles on: its last side, or before the first "≈" the exact
 * value it approximates (`x = 1/3 \approx 0.33` → 1/3, `x \approx 11` → 11).
 */
function relationValue(r: Relation): string {
  const approx = r.ops.indexOf('\\approx');
  if (approx < 0) return r.sides.at(-1) ?? '';
  const exact = r.sides[approx] ?? '';
  return approx === 0 && namesAValue(exact) ? (r.sides[1] ?? '') : exact;
}

const settled = (r: Relation): AnswerShape => answerShape(relationValue(r));

const FLIP: Partial<Record<RelationOp, RelationOp>> = {
  '<': '>',
  '>': '<',
  '\\le': '\\ge',
  '\\ge': '\\le',
};

function valuesEqual(a: string, b: string, ctx: Context): boolean {
  if (a === b) return true;
  const x = exactNumber(a);
  const y = exactNumber(b);
  if (x && y) return numbersMatch(x, y, ctx.precision, false);
  // \text{…} answers and bare words compare as text
  if (/^[a-z][a-z ]{2,}$/.test(a) || /^[a-z][a-z ]{2,}$/.test(b))
    return a.replace(/ /g, '') === b.replace(/ /g, '');
  const strip = (s: string) => s.replace(/\\%$/, '');
  const rounded = /\d\.\d|\.\d/.test(a) || /\d\.\d|\.\d/.test(b);
  const percentA = /\\%$/.test(a);
  const percentB = /\\%$/.test(b);
  const left = percentA ? `(${strip(a)})/100` : a;
  const right = percentB ? `(${strip(b)})/100` : b;
  if (symbolicallyEqual(ctx.session, left, right, { precision: ctx.precision, rounded }))
    return true;
  // "28%" as expected also accepts its bare number
  return (
    percentA &&
    !percentB &&
    symbolicallyEqual(ctx.session, strip(a), b, { precision: ctx.precision, rounded })
  );
}

/** Two relations: same chain side by side (or reversed), or one relation up to a constant factor. */
function relationsEqual(a: Relation, b: Relation, ctx: Context): boolean {
  if (isAssignment(a) && isAssignment(b))
    return (
      valuesEqual(a.sides[0] ?? '', b.sides[0] ?? '', ctx) &&
      shapesEqual(settled(a), settled(b), ctx)
    );
  if (a.sides.length !== b.sides.length) return false;
  const sameChain = (x: Relation, ops: RelationOp[], sides: string[]) =>
    x.ops.every((op, k) => op === ops[k]) &&
    x.sides.every((s, k) => valuesEqual(s, sides[k] ?? '', ctx));
  if (sameChain(a, b.ops, b.sides)) return true;
  const reversedOps = [...b.ops].reverse().map((op) => FLIP[op] ?? op);
  if (sameChain(a, reversedOps, [...b.sides].reverse())) return true;
  if (a.sides.length !== 2) return false;
  const [l1 = '', r1 = ''] = a.sides;
  const [l2 = '', r2 = ''] = b.sides;
  const opA = a.ops[0] as RelationOp;
  const opB = b.ops[0] as RelationOp;
  const diffA = `(${l1})-(${r1})`;
  if (opA === '=' || opA === '\\ne' || opA === '\\approx')
    return opA === opB && proportional(ctx.session, diffA, `(${l2})-(${r2})`, false);
  if (opA === opB) return proportional(ctx.session, diffA, `(${l2})-(${r2})`, true);
  if (FLIP[opA] === opB) return proportional(ctx.session, diffA, `(${r2})-(${l2})`, true);
  return false;
}

const INFINITY = /^\+?\\infty$/;

/**
 * A relation in one variable as the set it describes: `x > 2` → (2, ∞), `-2 \le x \le 7` →
 * [-2, 7], `x \ne 3` → (-∞, 3) ∪ (3, ∞), `1 \le |z| \le 3/2` → [-3/2, -1] ∪ [1, 3/2]; else null.
 */
function relationAsSet(r: Relation): AnswerShape | null {
  const interval = (lo: string, loOpen: boolean, hi: string, hiOpen: boolean): AnswerShape => ({
    kind: 'tuple',
    open: loOpen || lo === '-\\infty' ? '(' : '[',
    close: hiOpen || INFINITY.test(hi) ? ')' : ']',
    items: [
      { kind: 'value', text: lo },
      { kind: 'value', text: hi },
    ],
  });
  const strict = (op: RelationOp) => op === '<' || op === '>';
  const variable = (s: string) => namesAValue(s) && !/[=<>]/.test(s);
  if (r.sides.length === 2) {
    const [l = '', rr = ''] = r.sides;
    const op = r.ops[0] as RelationOp;
    const [name, bound, dir] = variable(l)
      ? [l, rr, op]
      : variable(rr)
        ? [rr, l, FLIP[op] ?? op]
        : [];
    if (!name || bound === undefined || !dir) return null;
    if (dir === '\\ne')
      return {
        kind: 'union',
        parts: [interval('-\\infty', true, bound, true), interval(bound, true, '\\infty', true)],
      };
    if (dir === '>' || dir === '\\ge') return interval(bound, strict(dir), '\\infty', true);
    if (dir === '<' || dir === '\\le') return interval('-\\infty', true, bound, strict(dir));
    return null;
  }
  if (
    r.sides.length === 3 &&
    r.ops.every((op) => op === '<' || op === '\\le') &&
    variable(r.sides[1] ?? '')
  ) {
    const [lo = '', mid = '', hi = ''] = r.sides;
    const [loOp, hiOp] = r.ops as [RelationOp, RelationOp];
    const abs = /^\|(.+)\|$/.test(mid);
    if (abs && exactNumber(lo) && !lo.startsWith('-'))
      return {
        kind: 'union',
        parts: [
          interval(`-${hi}`, strict(hiOp), `-${lo}`, strict(loOp)),
          interval(lo, strict(loOp), hi, strict(hiOp)),
        ],
      };
    return interval(lo, strict(loOp), hi, strict(hiOp));
  }
  if (r.sides.length === 3 && r.ops.every((op) => op === '>' || op === '\\ge'))
    return relationAsSet({
      kind: 'relation',
      sides: [...r.sides].reverse(),
      ops: [...r.ops].reverse().map((op) => FLIP[op] ?? op),
    });
  return null;
}

/** A list of one-variable relations ("x < 2, x > 3", read from "x < 2 or x > 3") as the union of their sets. */
function relationsAsUnion(list: Items): AnswerShape | null {
  if (list.items.length < 2) return null;
  const parts: AnswerShape[] = [];
  for (const item of list.items) {
    const set = item.kind === 'relation' ? relationAsSet(item) : null;
    if (!set) return null;
    parts.push(...(set.kind === 'union' ? set.parts : [set]));
  }
  return { kind: 'union', parts };
}

/** Pairs every item of `a` with a distinct equal item of `b` (sizes must match after duplicates). */
function sameItems(a: AnswerShape[], b: AnswerShape[], ctx: Context): boolean {
  if (a.length !== b.length) return false;
  const unused = [...b];
  return a.every((item) => {
    const k = unused.findIndex((other) => shapesEqual(item, other, ctx));
    if (k >= 0) unused.splice(k, 1);
    return k >= 0;
  });
}

function sameSequence(a: AnswerShape[], b: AnswerShape[], ctx: Context): boolean {
  return a.length === b.length && a.every((item, k) => shapesEqual(item, b[k] as AnswerShape, ctx));
}

type Items = Extract<AnswerShape, { kind: 'list' | 'set' }>;

/** A group of assignments `p=5,q=2` read as the tuple of its values (5, 2). */
function groupAsTuple(group: AnswerShape): AnswerShape {
  const parts = group.kind === 'list' ? group.items : [group];
  return {
    kind: 'tuple',
    open: '(',
    close: ')',
    items: parts.map((p) => (p.kind === 'relation' && isAssignment(p) ? settled(p) : p)),
  };
}

function listsEqual(a: Items, b: Items, ctx: Context): boolean {
  // "a=4, -8, -10" vs "-10, -8, 4": assignments among plain values stand for their values
  const values = (items: AnswerShape[], other: AnswerShape[]) =>
    other.some((o) => o.kind === 'relation')
      ? items
      : items.map((i) => (i.kind === 'relation' && isAssignment(i) ? settled(i) : i));
  const dedupe = (items: AnswerShape[]) =>
    items.filter(
      (item, k) => items.findIndex((o) => JSON.stringify(o) === JSON.stringify(item)) === k,
    );
  const [x, y] = [dedupe(values(a.items, b.items)), dedupe(values(b.items, a.items))];
  if (sameItems(x, y, ctx)) return true;
  const grouped = (s: Items) => (s.kind === 'list' && s.groups ? s.groups.map(groupAsTuple) : null);
  const ga = grouped(a);
  const gb = grouped(b);
  if (ga && !gb) return sameItems(ga, y, ctx);
  if (gb && !ga) return sameItems(x, gb, ctx);
  return false;
}

function matrixItems(m: Extract<AnswerShape, { kind: 'matrix' }>): AnswerShape[] | null {
  if (m.rows.length === 1) return m.rows[0] ?? [];
  return m.rows.every((row) => row.length === 1)
    ? m.rows.map((row) => row[0] as AnswerShape)
    : null;
}

/**
 * Whether `predicted` gives the answer `expected` states, part by part. Reference semantics
 * follow Math-Verify: a predicted relation is read for its value ("x = 5" gives 5), an expected
 * assignment too, tuples keep their order and brackets, lists and sets do not. An inequality in
 * one variable and the interval it describes match either way round (Math-Verify's
 * `allow_set_relation_comp`): `x \in [-2, 7]` is `-2 \le x \le 7`.
 */
export function shapesEqual(expected: AnswerShape, predicted: AnswerShape, ctx: Context): boolean {
  const e = expected;
  const p = predicted;
  // "x < 2 or x > 3" against (-∞, 2) ∪ (3, ∞), either way round
  if (e.kind === 'union' && p.kind === 'list') {
    const union = relationsAsUnion(p);
    if (union) return shapesEqual(e, union, ctx);
  }
  if (p.kind === 'union' && e.kind === 'list') {
    const union = relationsAsUnion(e);
    if (union) return shapesEqual(union, p, ctx);
  }
  if (p.kind === 'relation' && (e.kind === 'tuple' || e.kind === 'union')) {
    const asSet = relationAsSet(p);
    if (asSet) return shapesEqual(e, asSet, ctx);
  }
  if (
    p.kind === 'relation' &&
    e.kind !== 'relation' &&
    !(e.kind === 'list' && p.ops.some((o) => o !== '=' && o !== '\\approx'))
  )
    return shapesEqual(e, settled(p), ctx);
  if (e.kind === 'relation' && p.kind !== 'relation') {
    if (isAssignment(e)) return shapesEqual(settled(e), p, ctx);
    const asSet = relationAsSet(e);
    return (
      asSet !== null && (p.kind === 'tuple' || p.kind === 'union') && shapesEqual(asSet, p, ctx)
    );
  }
  switch (e.kind) {
    case 'value':
      if (p.kind === 'value') return valuesEqual(e.text, p.text, ctx);
      if ((p.kind === 'set' || p.kind === 'list') && p.items.length === 1)
        return shapesEqual(e, p.items[0] as AnswerShape, ctx);
      if (p.kind === 'matrix') {
        const rows = matrixEntries(ctx.session, e.text);
        return (
          rows !== null &&
          shapesEqual({ kind: 'matrix', rows: rows.map((r) => r.map(answerShape)) }, p, ctx)
        );
      }
      return false;
    case 'relation':
      return p.kind === 'relation' && relationsEqual(e, p, ctx);
    case 'list':
    case 'set':
      if (p.kind === 'list' || p.kind === 'set') return listsEqual(e, p, ctx);
      if (p.kind === 'tuple' && e.kind === 'list' && !e.groups)
        return sameSequence(e.items, p.items, ctx);
      return e.items.length === 1 && shapesEqual(e.items[0] as AnswerShape, p, ctx);
    case 'tuple':
      if (p.kind === 'tuple')
        return e.open === p.open && e.close === p.close && sameSequence(e.items, p.items, ctx);
      if (p.kind === 'list' && !p.groups) return sameSequence(e.items, p.items, ctx);
      if (p.kind === 'matrix') {
        const vector = matrixItems(p);
        return vector !== null && e.open === '(' && sameSequence(e.items, vector, ctx);
      }
      return false;
    case 'union':
      return p.kind === 'union' && sameItems(e.parts, p.parts, ctx);
    case 'matrix':
      if (p.kind === 'matrix')
        return (
          e.rows.length === p.rows.length &&
          e.rows.every((row, k) => sameSequence(row, p.rows[k] ?? [], ctx))
        );
      if (p.kind === 'tuple' && p.open === '(') {
        const vector = matrixItems(e);
        return vector !== null && sameSequence(vector, p.items, ctx);
      }
      if (p.kind === 'value') {
        // a matrix sum or product written out: compare its evaluated entries
        const rows = matrixEntries(ctx.session, p.text);
        return (
          rows !== null &&
          shapesEqual(e, { kind: 'matrix', rows: rows.map((r) => r.map(answerShape)) }, ctx)
        );
      }
      return false;
    case 'ratio':
      return p.kind === 'ratio' && sameSequence(e.parts, p.parts, ctx);
  }
}

export interface Comparison {
  verdict: Verdict;
  /** Why the comparison was left undecided (a limit that was reached). */
  reason?: string;
}

/** Compares two already extracted answers; see `CompareOptions`. Never throws. */
export function compareAnswersDetailed(
  expected: string,
  predicted: string,
  options: CompareOptions = {},
): Comparison {
  const x = normalizeAnswer(expected);
  const y = normalizeAnswer(predicted);
  if (x === '' || y === '') return { verdict: 'different' };
  if (x === y) return { verdict: 'equal' };
  const session = new SymbolicSession(options.budget);
  const ctx: Context = { precision: options.precision ?? DEFAULT_PRECISION, session };
  let reason: string | undefined;
  const attempt = (a: string, b: string): Verdict => {
    try {
      return shapesEqual(answerShape(a), answerShape(b), ctx) ? 'equal' : 'different';
    } catch (error) {
      if (!(error instanceof Undecided)) return 'different';
      reason = error.reason;
      return 'undecided';
    }
  };
  try {
    const forward = attempt(x, y);
    if (forward === 'equal' || !options.symmetric)
      return forward === 'undecided' ? { verdict: forward, reason } : { verdict: forward };
    const backward = attempt(y, x);
    if (backward === 'equal') return { verdict: 'equal' };
    return reason === undefined ? { verdict: 'different' } : { verdict: 'undecided', reason };
  } finally {
    session.close();
  }
}

export function compareAnswers(
  expected: string,
  predicted: string,
  options: CompareOptions = {},
): Verdict {
  return compareAnswersDetailed(expected, predicted, options).verdict;
}

/** Whether two extracted answers have the same value (undecided counts as not equal). */
export function answersEquivalent(a: string, b: string, options: CompareOptions = {}): boolean {
  return compareAnswers(a, b, options) === 'equal';
}
