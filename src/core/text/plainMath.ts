/**
 * Question text for places that show plain text only (a `<select>`'s options): inline TeX turned
 * into the Unicode a reader expects ("$\frac{3}{4} + x^2$" → "3/4 + x²"), cut at a word with "…".
 * Only the constructs school questions use most; anything else keeps its TeX, minus braces.
 * Hand-written: the TeX libraries we ship (KaTeX, the Compute Engine) render or compute, and
 * neither writes plain text.
 */
const SYMBOLS: Record<string, string> = {
  cdot: '·',
  times: '×',
  div: '÷',
  pm: '±',
  mp: '∓',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  approx: '≈',
  infty: '∞',
  pi: 'π',
  theta: 'θ',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  lambda: 'λ',
  mu: 'μ',
  sigma: 'σ',
  Delta: 'Δ',
  circ: '°',
  angle: '∠',
  triangle: '△',
  cdots: '⋯',
  ldots: '…',
  dots: '…',
  to: '→',
  rightarrow: '→',
  in: '∈',
  sqrt: '√',
};
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  n: 'ⁿ',
};

/** One brace group's content (no nesting beyond what the regex allows: one level). */
const GROUP = String.raw`\{((?:[^{}]|\{[^{}]*\})*)\}`;
const atom = (s: string) => (/^[\w.]+$/.test(s) || s.length === 1 ? s : `(${s})`);

const FRACTION = new RegExp(String.raw`\\[dt]?frac\s*${GROUP}\s*${GROUP}`, 'g');
const ROOT = new RegExp(String.raw`\\sqrt\s*${GROUP}`, 'g');
const TEXT = new RegExp(String.raw`\\(?:text|mathrm|mathbf|textbf|operatorname)\s*${GROUP}`, 'g');

function plainTex(tex: string): string {
  let out = tex;
  // Innermost first, so a fraction inside a root (or the other way round) comes out whole.
  for (let pass = 0; pass < 3; pass++) {
    out = out
      .replace(FRACTION, (_, a: string, b: string) => `${atom(a.trim())}/${atom(b.trim())}`)
      .replace(ROOT, (_, a: string) => `√${atom(a.trim())}`)
      .replace(TEXT, '$1');
  }
  out = out
    .replace(/\^\s*\\circ/g, '°')
    .replace(
      /\^\s*\{([^{}]*)\}|\^\s*(\w)/g,
      (_, group: string | undefined, single: string | undefined) => {
        const exp = (group ?? single ?? '').trim();
        const sup = [...exp].map((c) => SUPERSCRIPTS[c]);
        return sup.every(Boolean) ? sup.join('') : `^${atom(exp)}`;
      },
    )
    .replace(/\\(?:left|right|displaystyle)\b/g, '')
    .replace(/\\[,;:! ]|\\q?quad\b/g, ' ')
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) => SYMBOLS[name] ?? name)
    .replace(/\\([{}$%&#_])/g, '$1')
    .replace(/[{}]/g, '');
  return out;
}

export function plainMath(text: string, max = Infinity): string {
  const plain = text
    .replace(
      /(?<!\\)\$\$([\s\S]*?)\$\$|(?<!\\)\$((?:\\\$|[^$])+?)\$|\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g,
      (...m) => plainTex(String(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '')),
    )
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
