import type { TokenizerAndRendererExtension, Tokens } from 'marked';

/** Renders TeX to HTML (KaTeX, configured by the caller); never throws. */
export type TexRenderer = (tex: string, display: boolean) => string;

interface MathToken extends Tokens.Generic {
  type: 'math';
  tex: string;
  display: boolean;
}

// Display math on its own lines: $$…$$ or \[…\].
const blockRules = [/^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/, /^\\\[([\s\S]+?)\\\][ \t]*(?:\n|$)/];

// Inline: $$…$$ and \[…\] (display), \(…\) and $…$ (no space inside the dollars and no digit
// after the closing one, so "costs $5 and $10" stays text).
const inlineRules: [RegExp, boolean][] = [
  [/^\$\$([^$]+?)\$\$/, true],
  [/^\\\[([\s\S]+?)\\\]/, true],
  [/^\\\(([\s\S]+?)\\\)/, false],
  [/^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/, false],
];

// A bare \boxed{…} (answers often carry one outside any delimiters), braces nested two deep.
const boxedRule = /^\\boxed\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}/;

const startAt = (pattern: RegExp) => (src: string) => {
  const at = src.search(pattern);
  return at < 0 ? undefined : at;
};

// Block math may only interrupt a paragraph at the start of a line.
const blockStart = startAt(/^(?:\$\$|\\\[)/m);
const inlineStart = startAt(/\$|\\\(|\\\[|\\boxed\{/);

/** A marked extension for the math models write: $, $$, \(…\), \[…\] and a bare \boxed{…}. */
export function mathExtension(renderTex: TexRenderer): TokenizerAndRendererExtension[] {
  const render = (token: Tokens.Generic) => {
    const math = token as MathToken;
    return renderTex(math.tex, math.display) + (math.display ? '\n' : '');
  };
  return [
    {
      name: 'mathBlock',
      level: 'block',
      start: blockStart,
      tokenizer(src) {
        for (const rule of blockRules) {
          const match = rule.exec(src);
          if (match) return { type: 'mathBlock', raw: match[0], tex: match[1]!, display: true };
        }
        return undefined;
      },
      renderer: render,
    },
    {
      name: 'mathInline',
      level: 'inline',
      start: inlineStart,
      tokenizer(src) {
        for (const [rule, display] of inlineRules) {
          const match = rule.exec(src);
          if (match) return { type: 'mathInline', raw: match[0], tex: match[1]!, display };
        }
        const boxed = boxedRule.exec(src);
        if (boxed) return { type: 'mathInline', raw: boxed[0], tex: boxed[0], display: false };
        return undefined;
      },
      renderer: render,
    },
  ];
}
