/**
 * Writes test/fixtures/grading/benchmark-rewrites.jsonl: equivalent and non-equivalent
 * rewritings of real MATH500 and GSM8K answers, labelled by construction. Run once by hand
 * (the shared data is not in the repository; the generated cases are):
 *   npx tsx test/support/buildBenchmarkGradingCases.ts
 * Rewrites are deterministic (every k-th row), and each rule states why its label holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataDir } from './sharedData';

interface Case {
  category: string;
  expected: string;
  predicted: string;
  equivalent: boolean;
  source: string;
  note: string;
}

const out = fileURLToPath(new URL('../fixtures/grading/benchmark-rewrites.jsonl', import.meta.url));

function rows<T>(file: string): T[] {
  return readFileSync(join(sharedDataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Model-style wrappers around a LaTeX answer (the value is unchanged). */
const WRAPPERS: ((a: string) => string)[] = [
  (a) => `Putting everything together, the answer is $\\boxed{${a}}$.`,
  (a) =>
    `We simplify step by step.\nFinal Answer: The final answer is $${a}$. I hope it is correct.`,
  (a) => `<think>\nLet me verify once more.\n</think>\n\n**Final Answer**\n\\[\n\\boxed{${a}}\n\\]`,
  (a) => `## Step 2: Conclude\nThe final answer is: $\\boxed{${a}}$`,
  (a) => `Therefore, the answer is $${a}$.`,
];

const INTEGER = /^-?\d+$/;
const FRACTION = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/;

/** A scalar answer: no list, relation, text or structure the rewrites below would break. */
const SCALAR = /^[^,;=<>:]*$/;
const TEXTUAL = /\\text|\\mbox|\\mathrm|\\begin|\\in\b|\\cup|\\pm|\\circ|\^\\circ|_\d|\\\$|\\%|%/;

/** Splits at top-level "+" (outside braces and parentheses). */
function topLevelTerms(a: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < a.length; i++) {
    const ch = a[i];
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === '+' && depth === 0 && i > 0) {
      terms.push(a.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(a.slice(start));
  return terms.map((t) => t.trim());
}

/** Equivalent spellings of a MATH answer, each with the reason its value is unchanged. */
function equivalentForms(a: string): [string, string][] {
  const forms: [string, string][] = [];
  const frac = FRACTION.exec(a);
  const scalar = SCALAR.test(a) && !TEXTUAL.test(a);
  if (INTEGER.test(a)) {
    const n = Number(a);
    forms.push([`${a}.0`, 'same integer written as a decimal']);
    if (Math.abs(n) >= 1000) forms.push([n.toLocaleString('en-US'), 'thousands separators']);
    forms.push([`x = ${a}`, 'an assignment gives its value']);
    forms.push([`\\frac{${2 * n}}{2}`, 'the integer as an unreduced fraction']);
  } else if (frac) {
    const [, sign = '', p = '', q = ''] = frac;
    forms.push([`${sign}${p}/${q}`, 'a/b for \\frac{a}{b}']);
    forms.push([`${sign}\\dfrac{${p}}{${q}}`, '\\dfrac for \\frac']);
    const value = (sign === '-' ? -1 : 1) * (Number(p) / Number(q));
    forms.push([value.toFixed(8), 'decimal to 8 places (beyond the 6-place precision)']);
    forms.push([`${sign}\\frac{${2 * Number(p)}}{${2 * Number(q)}}`, 'unreduced fraction']);
  } else if (scalar) {
    const terms = topLevelTerms(a);
    if (terms.length > 1 && terms.every((t) => t !== ''))
      forms.push([[...terms].reverse().join(' + '), 'terms of the sum reordered']);
    forms.push([`\\frac{2\\left(${a}\\right)}{2}`, 'multiplied and divided by 2']);
    if (a.includes('\\frac')) forms.push([a.replace(/\\frac/g, '\\dfrac'), '\\dfrac for \\frac']);
    forms.push([`\\displaystyle ${a}`, '\\displaystyle prefix']);
  } else {
    if (a.includes('\\frac')) forms.push([a.replace(/\\frac/g, '\\tfrac'), '\\tfrac for \\frac']);
    if (/^\(.*\)$/.test(a) && !a.startsWith('\\left'))
      forms.push([`\\left${a.slice(0, -1)}\\right)`, '\\left( … \\right)']);
    if (!a.includes('\\!')) forms.push([a.replace(/,\s*/g, ', '), 'spacing after commas']);
  }
  return forms;
}

/** Non-equivalent variants, each with the reason its value differs. */
function differentForms(a: string): [string, string][] {
  const forms: [string, string][] = [];
  const frac = FRACTION.exec(a);
  const scalar = SCALAR.test(a) && !TEXTUAL.test(a);
  if (INTEGER.test(a)) {
    const n = Number(a);
    forms.push([String(n + 1), 'off by one']);
    if (n !== 0) forms.push([String(-n), 'sign flipped']);
    if (n !== 0) forms.push([String(n * 10), 'a digit too many']);
  } else if (frac) {
    const [, sign = '', p = '', q = ''] = frac;
    if (p !== q) forms.push([`${sign}\\frac{${q}}{${p}}`, 'reciprocal']);
    const value = (sign === '-' ? -1 : 1) * (Number(p) / Number(q));
    const two = value.toFixed(2);
    if (Math.abs(Number(two) - value) > 1e-9) forms.push([two, 'rounded to 2 places only']);
    forms.push([`${sign}\\frac{${Number(p) + 1}}{${q}}`, 'numerator off by one']);
  } else if (scalar) {
    forms.push([`${a} + 1`, 'one added']);
    forms.push([`2\\left(${a}\\right)`, 'doubled']);
  } else {
    const tuple = /^\((-?[^,()]+),\s*(-?[^,()]+)\)$/.exec(a);
    if (tuple && tuple[1]?.trim() !== tuple[2]?.trim())
      forms.push([`(${tuple[2]}, ${tuple[1]})`, 'coordinates swapped']);
    if (/^[([].*[)\]]$/.test(a) && a.includes(',') && !a.includes('\\cup')) {
      const open = a[0] === '(' ? '[' : '(';
      forms.push([`${open}${a.slice(1)}`, 'other opening bracket (open vs closed end)']);
    }
  }
  const digit = /(?<![\\a-zA-Z_^{0-9.])([2-8])(?![\d.])/.exec(a);
  if (!INTEGER.test(a) && !frac && digit?.index !== undefined)
    forms.push([
      `${a.slice(0, digit.index)}${Number(digit[1]) + 1}${a.slice(digit.index + 1)}`,
      'one constant changed by one',
    ]);
  return forms;
}

const cases: Case[] = [];
const math = rows<{ answer: string; unique_id: string }>('math500-test.jsonl');
math.forEach((row, k) => {
  // integer answers are most of MATH500 and the easiest to rewrite: one row in six is enough
  if (INTEGER.test(row.answer) ? k % 6 !== 0 : k % 2 !== 0) return;
  const source = `math500:${row.unique_id}`;
  const same = equivalentForms(row.answer);
  const other = differentForms(row.answer);
  for (let j = 0; j < 2; j++) {
    const wrap = WRAPPERS[(k + j) % WRAPPERS.length] as (a: string) => string;
    const s = same[(k + j) % Math.max(1, same.length)];
    if (s && (j === 0 || same.length > 1))
      cases.push({
        category: 'benchmark-rewrite',
        expected: row.answer,
        predicted: wrap(s[0]),
        equivalent: true,
        source,
        note: s[1],
      });
    const o = other[(k + j) % Math.max(1, other.length)];
    if (o && (j === 0 || other.length > 1))
      cases.push({
        category: 'benchmark-rewrite',
        expected: row.answer,
        predicted: wrap(o[0]),
        equivalent: false,
        source,
        note: o[1],
      });
  }
});

const gsm = rows<{ answer: string }>('gsm8k-test.jsonl');
const GSM_EQUIVALENT: ((n: string) => [string, string])[] = [
  (n) => [`So she has ${Number(n).toLocaleString('en-US')} dollars left.\n#### ${n}`, 'GSM8K mark'],
  (n) => [
    `The total is $${Number(n).toLocaleString('en-US')}.00.`,
    'price with cents and separators',
  ],
  (n) => [`Adding them up: ${n} - 0 = ${n}\nThe answer is: ${n}`, '"The answer is:"'],
  (n) => [`Therefore, the final answer is $\\boxed{${n}}$.`, 'boxed'],
];
gsm.forEach((row, k) => {
  if (k % 13 !== 0) return;
  const n = (row.answer.split('####').at(-1) ?? '').trim().replace(/,/g, '');
  if (!INTEGER.test(n)) return;
  const source = `gsm8k-test:${k}`;
  const [same, why] = (
    GSM_EQUIVALENT[k % GSM_EQUIVALENT.length] as (n: string) => [string, string]
  )(n);
  cases.push({
    category: 'benchmark-rewrite',
    expected: n,
    predicted: same,
    equivalent: true,
    source,
    note: why,
  });
  const wrong = String(Number(n) + (k % 2 ? 1 : 10));
  cases.push({
    category: 'benchmark-rewrite',
    expected: n,
    predicted: `First ${n} items were counted, but the trip adds more.\nSo the total is ${wrong}.`,
    equivalent: false,
    source,
    note: 'an earlier number in the text is the expected one; the final one is not',
  });
});

writeFileSync(out, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
console.log(`wrote ${cases.length} cases to ${out}`);
