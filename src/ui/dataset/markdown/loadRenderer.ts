type Render = (text: string) => string;

let loading: Promise<Render> | undefined;

/** The markdown/math renderer, fetched on first use (it is a separate chunk of the bundle). */
export function loadRenderer(): Promise<Render> {
  loading ??= import('./renderUntrusted').then((m) => m.renderUntrusted);
  return loading;
}
