/**
 * Markdown + math for untrusted model output. Loaded with a dynamic import, so marked, KaTeX and
 * DOMPurify stay out of the initial bundle. Raw HTML in the source is shown as text, images are
 * reduced to their alt text, KaTeX runs without `trust` (no \href, \url, \htmlId…), and the final
 * HTML goes through DOMPurify, which drops scripts, event handlers and non-http(s)/mailto URLs.
 */
import { Marked } from 'marked';
import katex from 'katex';
import DOMPurify from 'dompurify';
import 'katex/dist/katex.min.css';
import { escapeHtml } from './escapeHtml';
import { mathExtension } from './mathExtension';

/**
 * DOMPurify tests EVERY attribute value outside its short "URI-safe" list against this pattern,
 * not only links: it must pass values without a scheme (KaTeX's SVG `d`, `viewBox`, `width`,
 * `aria-hidden="true"`, MathML's `encoding`) or square roots and stretchy arrows lose their
 * drawing. DOMPurify's own default, with http(s) and mailto as the only schemes allowed.
 */
const SAFE_URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

function renderTex(tex: string, display: boolean): string {
  return katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    // Bounds against hostile input that would expand forever or draw huge boxes.
    maxExpand: 500,
    maxSize: 20,
    output: 'htmlAndMathml',
  });
}

const marked = new Marked({ gfm: true, breaks: true, async: false });
marked.use({
  extensions: mathExtension(renderTex),
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
  },
});

// A line has no room for display math: $$…$$ and \[…\] are set inline there.
const inlineMarked = new Marked({ gfm: true, breaks: false, async: false });
inlineMarked.use({
  extensions: mathExtension((tex) => renderTex(tex, false)),
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
  },
});

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer nofollow');
    node.setAttribute('target', '_blank');
  }
});

const purifyConfig = {
  ALLOWED_URI_REGEXP: SAFE_URI,
  FORBID_TAGS: [
    'style',
    'img',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'video',
    'audio',
    'source',
    'link',
    'meta',
    'base',
    'foreignObject',
  ],
  FORBID_ATTR: ['srcset', 'action', 'formaction', 'xlink:href'],
};

/**
 * Safe HTML for model output (markdown with $…$, \(…\), \[…\] math): the markup of the nodes
 * the page inserts (`untrustedMarkup`, then `sanitizedNodes`), so what is tested as text is what
 * the page shows.
 */
export function renderUntrusted(text: string): string {
  const box = document.createElement('div');
  box.append(sanitizedNodes(untrustedMarkup(text)));
  return box.innerHTML;
}

/** Markup made from untrusted text, not yet safe to insert (or the text itself, when no DOM). */
export type UnsanitisedMarkup = { html: string } | { text: string };

/**
 * Step one of two: markdown and math as markup. Split from the sanitising so each part of a long
 * answer costs two short tasks instead of one long one.
 */
export function untrustedMarkup(text: string): UnsanitisedMarkup {
  return DOMPurify.isSupported ? { html: marked.parse(text, { async: false }) } : { text };
}

/**
 * Step two: the markup through DOMPurify, as nodes ready to insert: the page is spared
 * serialising the sanitised tree and parsing it again (for a long answer, most of the cost).
 */
export function sanitizedNodes(markup: UnsanitisedMarkup): DocumentFragment {
  if ('text' in markup) {
    const fragment = document.createDocumentFragment();
    const p = document.createElement('p');
    p.textContent = markup.text;
    fragment.append(p);
    return fragment;
  }
  return DOMPurify.sanitize(markup.html, { ...purifyConfig, RETURN_DOM_FRAGMENT: true });
}

/** Safe HTML for one line of model text (a list row's title): inline markdown, all math inline. */
export function renderUntrustedLine(text: string): string {
  if (!DOMPurify.isSupported) return escapeHtml(text);
  const html = inlineMarked.parseInline(text, { async: false });
  return DOMPurify.sanitize(html, purifyConfig);
}

/** An extracted answer ("\frac{7}{8}", "12", "Tuesday"): typeset when it is TeX, else text. */
export function renderAnswer(answer: string): string {
  if (!/[\\^_{}]/.test(answer)) return escapeHtml(answer);
  return DOMPurify.sanitize(renderTex(answer, false), purifyConfig);
}
