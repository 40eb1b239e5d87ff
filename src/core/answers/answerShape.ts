import { matchingBrace, matchingBracket, splitTopLevel } from './latexScan';

export type RelationOp = '=' | '<' | '>' | '\\le' | '\\ge' | '\\ne' | '\\approx';

/** How a normalized answer is built from parts, so that parts can be compared one by one. */
export type AnswerShape =
  | { kind: 'value'; text: string }
  /** Tuples, points, vectors and intervals: order and both brackets matter. */
  | { kind: 'tuple'; open: string; close: string; items: AnswerShape[] }
  /** `\{…\}`: order does not matter. */
  | { kind: 'set'; items: AnswerShape[] }
  /** A bare list ("1, 2", "-2 and 1", `a \pm b`); `groups` when `;` split it into groups first. */
  | { kind: 'list'; items: AnswerShape[]; groups?: AnswerShape[] }
  | { kind: 'union'; parts: AnswerShape[] }
  | { kind: 'matrix'; rows: AnswerShape[][] }
  /** `a op b op c …`: equations, inequalities, assignment chains. */
  | { kind: 'relation'; sides: string[]; ops: RelationOp[] }
  /** `7:32`, `12:00`. */
  | { kind: 'ratio'; parts: AnswerShape[] };

const MATRIX =
  /^[([]?\\begin\{([pbvBV]?matrix|array|smallmatrix)\}(?:\{[^}]*\})?((?:(?!\\begin\{).)*)\\end\{\1\}[)\]]?$/s;
const RELATIONS: RelationOp[] = ['\\approx', '\\le', '\\ge', '\\ne', '=', '<', '>'];

const value = (text: string): AnswerShape => ({ kind: 'value', text });

/** Splits at the top-level relation operators; null when there is none. */
function splitRelation(text: string): { sides: string[]; ops: RelationOp[] } | null {
  const sides: string[] = [];
  const ops: RelationOp[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\') {
      const op = RELATIONS.find(
        (r) =>
          r.startsWith('\\') && text.startsWith(r, i) && !/[a-zA-Z]/.test(text[i + r.length] ?? ''),
      );
      if (op && depth === 0) {
        sides.push(text.slice(start, i));
        ops.push(op);
        start = i + op.length;
        i = start - 1;
        continue;
      }
      const next = text[i + 1] ?? '';
      if ('([{'.includes(next)) depth++;
      else if (')]}'.includes(next)) depth--;
      i++;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && (ch === '=' || ch === '<' || ch === '>')) {
      sides.push(text.slice(start, i));
      ops.push(ch);
      start = i + 1;
    }
  }
  if (ops.length === 0) return null;
  sides.push(text.slice(start));
  return sides.every((s) => s.trim() !== '') ? { sides: sides.map((s) => s.trim()), ops } : null;
}

/** `a \pm b` → [a+b, a−b] (the first `\pm`/`\mp` anywhere, e.g. inside `\frac`); null without one. */
function plusMinus(text: string): AnswerShape | null {
  const sign = /\\(pm|mp)(?![a-zA-Z])/.exec(text);
  if (!sign) return null;
  const before = text.slice(0, sign.index);
  const after = text.slice(sign.index + sign[0].length);
  const [first, second] = sign[1] === 'pm' ? ['+', '-'] : ['-', '+'];
  const lead = before.trim() === '' || /[({,=]$/.test(before.trim());
  const join = (op: string) =>
    lead && op === '+' ? `${before}${after}` : `${before}${op}${after}`;
  return { kind: 'list', items: [answerShape(join(first)), answerShape(join(second))] };
}

function items(text: string): AnswerShape[] {
  return splitTopLevel(text, ',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(answerShape);
}

function wholeGroup(text: string): { open: string; close: string; inner: string } | null {
  const open = text[0] ?? '';
  if (open === '(' || open === '[') {
    if (matchingBracket(text, 0) !== text.length - 1) return null;
    return { open, close: text.at(-1) ?? '', inner: text.slice(1, -1) };
  }
  if (
    text.startsWith('\\{') &&
    text.endsWith('\\}') &&
    matchingBracket(text, 0) === text.length - 2
  )
    return { open: '\\{', close: '\\}', inner: text.slice(2, -2) };
  if (open === '{' && matchingBrace(text, 0) === text.length - 1)
    return { open: '{', close: '}', inner: text.slice(1, -1) };
  return null;
}

/** Splits a normalized answer (see normalizeAnswer) into its comparable parts. */
export function answerShape(text: string): AnswerShape {
  const t = text.trim();
  const groups = splitTopLevel(t, ';').filter((g) => g.trim() !== '');
  if (groups.length > 1) {
    const shapes = groups.map(answerShape);
    return {
      kind: 'list',
      items: shapes.flatMap((s) => (s.kind === 'list' ? s.items : [s])),
      groups: shapes,
    };
  }
  const matrix = MATRIX.exec(t);
  if (matrix) {
    const rows = splitTopLevel(matrix[2] ?? '', '\\\\').filter((row) => row.trim() !== '');
    return {
      kind: 'matrix',
      rows: rows.map((row) => splitTopLevel(row, '&').map((c) => answerShape(c))),
    };
  }
  if (splitTopLevel(t, ',').length > 1) {
    const whole = wholeGroup(t);
    if (!whole)
      return {
        kind: 'list',
        items: items(t).flatMap((s) => (s.kind === 'list' && !s.groups ? s.items : [s])),
      };
  }
  const union = splitTopLevel(t, '\\cup');
  if (union.length > 1) return { kind: 'union', parts: union.map(answerShape) };
  const relation = splitRelation(t);
  if (relation) return { kind: 'relation', ...relation };
  const group = wholeGroup(t);
  if (group) {
    if (group.open === '\\{') {
      const inner = items(group.inner);
      return { kind: 'set', items: inner.flatMap((s) => (s.kind === 'list' ? s.items : [s])) };
    }
    // `{1,3}` in LaTeX is a group of braces around a list
    if (group.open === '{') return answerShape(group.inner);
    if (splitTopLevel(group.inner, ',').length > 1)
      return { kind: 'tuple', open: group.open, close: group.close, items: items(group.inner) };
    if (splitTopLevel(group.inner, ';').length > 1)
      return {
        kind: 'tuple',
        open: group.open,
        close: group.close,
        items: splitTopLevel(group.inner, ';').map(answerShape),
      };
    if (group.open === '(' && group.close === ')' && MATRIX.test(group.inner))
      return answerShape(group.inner);
  }
  const ratio = splitTopLevel(t, ':');
  if (ratio.length > 1 && ratio.every((p) => p.trim() !== ''))
    return { kind: 'ratio', parts: ratio.map(answerShape) };
  return plusMinus(t) ?? value(t);
}
