import type * as Renderers from './renderUntrusted';

type Render = (text: string) => string;

let loading: Promise<typeof Renderers> | undefined;

/**
 * The one-line renderer (list rows) and the answer typesetter, fetched on first use from the
 * same chunk as the markdown renderer (marked, KaTeX and DOMPurify stay out of the first load).
 */
export function loadLineRenderers(): Promise<{ line: Render; answer: Render }> {
  loading ??= import('./renderUntrusted');
  return loading.then((m) => ({ line: m.renderUntrustedLine, answer: m.renderAnswer }));
}
