import type { AnswerShape } from './answerShape';
import { answerShape } from './answerShape';
import { normalizeAnswer } from './normalizeAnswer';
import { numbersEquivalent, numericValue } from './numericValue';
import { splitTopLevel } from './latexScan';
import { symbolicallyEquivalent } from './symbolicEquivalence';

export { normalizeAnswer } from './normalizeAnswer';

type Same = (a: string, b: string) => boolean;

function equationsEquivalent(x: string, y: string): boolean {
  const [l1 = '', r1 = ''] = splitTopLevel(x, '=');
  const [l2 = '', r2 = ''] = splitTopLevel(y, '=');
  if ((l1 === l2 && scalarsEquivalent(r1, r2)) || (r1 === r2 && scalarsEquivalent(l1, l2))) {
    return true;
  }
  const difference = `(${l2})-(${r2})`;
  return (
    symbolicallyEquivalent(`(${l1})-(${r1})`, difference) ||
    symbolicallyEquivalent(`(${r1})-(${l1})`, difference)
  );
}

const WORD = /^[a-zA-Z]+$/;

/** Two single values: string, then plain number, then (last, slow) the compute engine. */
function scalarsEquivalent(x: string, y: string): boolean {
  if (x === y) return true;
  const nx = numericValue(x);
  const ny = numericValue(y);
  if (nx && ny) return numbersEquivalent(nx, ny);
  const equations =
    Number(splitTopLevel(x, '=').length === 2) + Number(splitTopLevel(y, '=').length === 2);
  if (equations === 2) return equationsEquivalent(x, y);
  if (equations === 1 || WORD.test(x) || WORD.test(y)) return false;
  return symbolicallyEquivalent(x.replace(/%$/, '\\%'), y.replace(/%$/, '\\%'));
}

/** Pairs every item of `a` with a distinct equivalent item of `b`. */
function sameMultiset(a: AnswerShape[], b: AnswerShape[], same: Same): boolean {
  if (a.length !== b.length) return false;
  const unused = [...b];
  return a.every((item) => {
    const k = unused.findIndex((other) => shapesEquivalent(item, other, same));
    if (k >= 0) unused.splice(k, 1);
    return k >= 0;
  });
}

function sameSequence(a: AnswerShape[], b: AnswerShape[], same: Same): boolean {
  return (
    a.length === b.length && a.every((item, k) => shapesEquivalent(item, b[k] as AnswerShape, same))
  );
}

function shapesEquivalent(a: AnswerShape, b: AnswerShape, same: Same): boolean {
  switch (a.kind) {
    case 'scalar':
      return b.kind === 'scalar' && same(normalizeAnswer(a.text), normalizeAnswer(b.text));
    case 'ordered':
      return (
        b.kind === 'ordered' &&
        a.open === b.open &&
        a.close === b.close &&
        sameSequence(a.items, b.items, same)
      );
    case 'unordered':
      return b.kind === 'unordered' && sameMultiset(a.items, b.items, same);
    case 'union':
      return b.kind === 'union' && sameSequence(a.parts, b.parts, same);
    case 'matrix':
      return (
        b.kind === 'matrix' &&
        a.rows.length === b.rows.length &&
        a.rows.every((row, k) => sameSequence(row, b.rows[k] ?? [], same))
      );
  }
}

/**
 * Whether two answers have the same value: identical after normalizeAnswer, or equal as
 * numbers (fractions, decimals, percentages, mixed numbers), or part by part for tuples,
 * intervals (brackets must match), sets, lists, `\pm`, unions and matrices, or — last, as
 * it is slow — symbolically equal by the compute engine. Never throws.
 */
export function answersEquivalent(a: string, b: string): boolean {
  try {
    const x = normalizeAnswer(a);
    const y = normalizeAnswer(b);
    if (x === '' || y === '') return false;
    if (x === y) return true;
    return shapesEquivalent(answerShape(x), answerShape(y), scalarsEquivalent);
  } catch {
    return false;
  }
}
