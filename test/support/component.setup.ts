import '@testing-library/svelte/vitest';

// jsdom lays nothing out and has no Element.scrollTo; the virtual list (virtua) calls it after
// measuring. A no-op keeps that from failing outside any test.
if (typeof Element !== 'undefined' && !('scrollTo' in Element.prototype)) {
  Object.defineProperty(Element.prototype, 'scrollTo', { value: () => {}, configurable: true });
}
