import '@testing-library/svelte/vitest';
import { configure } from '@testing-library/svelte';

// findBy*/waitFor give up after 1 s by default; on a shared, busy machine a correct screen can
// take longer to settle (IndexedDB in fake-indexeddb, liveQuery), so they wait up to 15 s.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lays nothing out and has no Element.scrollTo; the virtual list (virtua) calls it after
// measuring. A no-op keeps that from failing outside any test.
if (typeof Element !== 'undefined' && !('scrollTo' in Element.prototype)) {
  Object.defineProperty(Element.prototype, 'scrollTo', { value: () => {}, configurable: true });
}
