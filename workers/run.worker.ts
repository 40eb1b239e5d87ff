/// <reference types="vite/client" />
// Runs the pipeline off the main thread so long runs keep going in a background tab.
import * as Comlink from 'comlink';
import { createRunService } from '../src/services/runService';
import { studioDb } from '../src/db/studioDb';
import { fetchBundledReferenceSets } from '../src/services/builtInReferenceSets';
import { inThreadRunIndexes } from '../src/services/runIndexes';

const bundled = fetchBundledReferenceSets(
  (url) => fetch(url),
  new URL(import.meta.env.BASE_URL, self.location.origin).href,
);
const api = createRunService({ db: studioDb(), indexes: inThreadRunIndexes(bundled) });

Comlink.expose(api);
