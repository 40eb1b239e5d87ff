// Runs the pipeline off the main thread so long runs keep going in a background tab.
import * as Comlink from 'comlink';
import { createRunService } from '../src/services/runService';
import { studioDb } from '../src/db/studioDb';

const api = createRunService({ db: studioDb() });

Comlink.expose(api);

export type RunWorkerApi = typeof api;
