/// <reference types="vite/client" />
// Keeps large DedupIndexes (and the indexes of runs on the page) off the main thread.
import * as Comlink from 'comlink';
import { studioDb } from '../src/db/studioDb';
import { createDedupWorkerApi } from '../src/services/dedupWorkerApi';
import { fetchBundledReferenceSets } from '../src/services/builtInReferenceSets';

const api = createDedupWorkerApi({
  db: studioDb(),
  bundled: fetchBundledReferenceSets(
    (url) => fetch(url),
    new URL(import.meta.env.BASE_URL, self.location.origin).href,
  ),
});

Comlink.expose(api);
