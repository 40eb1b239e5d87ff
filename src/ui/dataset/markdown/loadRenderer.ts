type Render = (text: string) => DocumentFragment;

let loading: Promise<Render> | undefined;

/** The markdown/math renderer, fetched on first use (it is a separate chunk of the bundle). */
function loadRenderer(): Promise<Render> {
  loading ??= import('./renderUntrusted').then((m) => m.renderUntrustedNodes);
  return loading;
}

let turn: Promise<unknown> = Promise.resolve();

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Renders `text` in a task of its own, after every render asked for before it: a pair detail
 * shows several texts, and rendering them all at once would block the page for their sum.
 * Resolves to null when `wanted` says the text is no longer shown by then.
 */
export function renderInTurn(
  text: string,
  wanted: () => boolean,
): Promise<DocumentFragment | null> {
  const result = turn
    .then(() => Promise.all([loadRenderer(), nextTask()]))
    .then(([render]) => (wanted() ? render(text) : null));
  turn = result.catch(() => undefined);
  return result;
}
