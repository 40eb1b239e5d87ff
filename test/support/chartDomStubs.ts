/**
 * What the run dashboard's charts call and jsdom lacks: ResizeObserver (jsdom lays nothing out)
 * and matchMedia (it evaluates no media queries); the charts only need the calls to exist.
 * Imported for its effect by the files that render the dashboard, and only by them: the virtual
 * list of other components measures with ResizeObserver and must see it missing.
 */
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
if (typeof globalThis.matchMedia !== 'function') {
  Object.defineProperty(globalThis, 'matchMedia', {
    configurable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    }),
  });
}

export {};
