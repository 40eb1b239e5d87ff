/** The app's screens, addressed by the URL hash (`#/runs`, `#/explain/<questionId>`). */
export const SCREENS = [
  'start',
  'design',
  'runs',
  'explain',
  'dataset',
  'models',
  'settings',
] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  /** What follows the screen in the hash, e.g. a question id for Explain. */
  param: string | undefined;
}

/** `#/explain/r1:3` → { screen: 'explain', param: 'r1:3' }; anything unknown is the Start screen. */
export function parseHash(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const screen = (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'start';
  const param = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  return { screen, param };
}

export function hrefFor(screen: Screen, param?: string): string {
  return `#/${screen}${param === undefined ? '' : `/${encodeURIComponent(param)}`}`;
}

/** Follows `location.hash`; a hash router keeps every screen reachable from a static file server. */
export class HashRoute {
  #route = $state<Route>({ screen: 'start', param: undefined });
  readonly #win: Window | undefined;

  constructor(win: Window | undefined = globalThis.window) {
    this.#win = win;
    if (!win) return;
    this.#route = parseHash(win.location.hash);
    win.addEventListener('hashchange', () => (this.#route = parseHash(win.location.hash)));
  }

  get screen(): Screen {
    return this.#route.screen;
  }
  get param(): string | undefined {
    return this.#route.param;
  }

  go(screen: Screen, param?: string): void {
    const hash = hrefFor(screen, param);
    if (this.#win) this.#win.location.hash = hash;
    else this.#route = parseHash(hash);
  }
}
