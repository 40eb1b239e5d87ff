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

const SAFE_URI = /^(?:https?:|mailto:)/i;

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
 * Safe HTML for model output (markdown with $…$, \(…\), \[…\] math): the nodes of
 * `renderUntrustedNodes` as markup, so what is tested as text is what the page inserts.
 */
export function renderUntrusted(text: string): string {
  if (!DOMPurify.isSupported) return `<p>${escapeHtml(text)}</p>`;
  const box = document.createElement('div');
  box.append(renderUntrustedNodes(text));
  return box.innerHTML;
}

/**
 * The same, as sanitised nodes ready to insert: the page is spared serialising the sanitised
 * tree and parsing it again (for a long answer, most of the cost of showing it).
 */
export function renderUntrustedNodes(text: string): DocumentFragment {
  if (!DOMPurify.isSupported) {
    const fragment = document.createDocumentFragment();
    const p = document.createElement('p');
    p.textContent = text;
    fragment.append(p);
    return fragment;
  }
  const html = marked.parse(text, { async: false });
  return DOMPurify.sanitize(html, { ...purifyConfig, RETURN_DOM_FRAGMENT: true });
}
