import { matchingBracket, splitTopLevel } from './latexScan';

/** How a normalized answer is built from parts, so parts can be compared one by one. */
export type AnswerShape =
  | { kind: 'scalar'; text: string }
  /** Tuples, points, vectors and intervals: order and both brackets matter. */
  | { kind: 'ordered'; open: string; close: string; items: AnswerShape[] }
  /** Sets, bare lists of solutions and `a \pm b`: order does not matter. */
  | { kind: 'unordered'; items: AnswerShape[] }
  | { kind: 'union'; parts: AnswerShape[] }
  | { kind: 'matrix'; rows: AnswerShape[][] };

const MATRIX = /^\\begin\{([pbvBV]?matrix|array)\}(?:\{[^}]*\})?(.*)\\end\{\1\}$/s;

function items(text: string): AnswerShape[] {
  return splitTopLevel(text, ',').map((item) => answerShape(item));
}

/** Items of a set or list; `a \pm b` inside one stands for two of its items. */
function unorderedItems(text: string): AnswerShape[] {
  return items(text).flatMap((item) => (item.kind === 'unordered' ? item.items : [item]));
}

function plusMinus(text: string): AnswerShape | null {
  const sign = /\\(?:pm|mp)(?![a-zA-Z])/.exec(text);
  if (!sign) return null;
  const before = text.slice(0, sign.index);
  const after = text.slice(sign.index + sign[0].length);
  return {
    kind: 'unordered',
    items: [answerShape(`${before}+${after}`), answerShape(`${before}-${after}`)],
  };
}

/** Splits a normalized answer (see normalizeAnswer) into its comparable parts. */
export function answerShape(text: string): AnswerShape {
  const matrix = MATRIX.exec(text);
  if (matrix) {
    const rows = splitTopLevel(matrix[2] ?? '', '\\\\').filter((row) => row !== '');
    return { kind: 'matrix', rows: rows.map((row) => splitTopLevel(row, '&').map(answerShape)) };
  }
  const union = splitTopLevel(text, '\\cup');
  if (union.length > 1) return { kind: 'union', parts: union.map(answerShape) };
  if (text.startsWith('\\{') && matchingBracket(text, 0) === text.length - 2) {
    return { kind: 'unordered', items: unorderedItems(text.slice(2, -2)) };
  }
  const open = text[0] ?? '';
  if ((open === '(' || open === '[') && matchingBracket(text, 0) === text.length - 1) {
    const inner = text.slice(1, -1);
    if (splitTopLevel(inner, ',').length > 1) {
      return { kind: 'ordered', open, close: text.at(-1) ?? '', items: items(inner) };
    }
  }
  if (splitTopLevel(text, ',').length > 1)
    return { kind: 'unordered', items: unorderedItems(text) };
  return plusMinus(text) ?? { kind: 'scalar', text };
}
