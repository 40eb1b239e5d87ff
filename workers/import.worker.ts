// Reads, validates and stores imported files off the page's thread (see services/importJob.ts).
import * as Comlink from 'comlink';
import { studioDb } from '../src/db/studioDb';
import { createImportJob } from '../src/services/importJob';

Comlink.expose(createImportJob({ db: studioDb() }));
