import type { UnsanitisedMarkup } from './renderUntrusted';

interface Renderer {
  untrustedMarkup: (text: string) => UnsanitisedMarkup;
  sanitizedNodes: (markup: UnsanitisedMarkup) => DocumentFragment;
}

let loading: Promise<Renderer> | undefined;

/** The markdown/math renderer, fetched on first use (it is a separate chunk of the bundle). */
function loadRenderer(): Promise<Renderer> {
  loading ??= import('./renderUntrusted');
  return loading;
}

let turn: Promise<unknown> = Promise.resolve();

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Renders `text` after every render asked for before it, in tasks of its own: markdown and math
 * in one, sanitising in the next, and the caller inserts the nodes in a third. A pair detail
 * shows several texts and a long answer many parts; doing any two of these steps in one task
 * would block the page for their sum. Resolves to null when `wanted` says the text is no longer
 * shown by then.
 */
export function renderInTurn(
  text: string,
  wanted: () => boolean,
): Promise<DocumentFragment | null> {
  const result = turn.then(async () => {
    const [renderer] = await Promise.all([loadRenderer(), nextTask()]);
    if (!wanted()) return null;
    const markup = renderer.untrustedMarkup(text);
    await nextTask();
    if (!wanted()) return null;
    const nodes = renderer.sanitizedNodes(markup);
    await nextTask();
    return wanted() ? nodes : null;
  });
  turn = result.catch(() => undefined);
  return result;
}
