import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from '../ui/App.svelte';
import '../ui/app.css';
import { studioDb } from '../db/studioDb';
import { canWrite } from '../db/storageProbe';
import { DexieCustomModelStore } from '../db/customModelRepository';
import { RunManager } from '../state/runManager.svelte';
import { EndpointSettings } from '../state/endpointSettings.svelte';
import { DatasetBrowser } from '../state/datasetBrowser.svelte';
import { createModelManager } from '../state/modelManager.svelte';
import { runWorker } from './runWorkerClient';
import { createRunDispatcher } from '../services/runDispatcher';
import { listBuiltReferenceFiles } from '../services/builtInReferenceSets';
import { ExportState } from '../state/exportState.svelte';
import { ImportState } from '../state/importState.svelte';
import { StorageStatus } from '../state/storageStatus.svelte';
import { appContext } from '../state/appContext';
import { importJobPort } from './importWorkerClient';
import { asWorkerClient, proxyCallback, startWebLlmWorker } from './webLlmWorkerClient';

const db = studioDb();
// A refused write marks storage full; the probe re-enables Start and Import once one works.
// Models and Settings read this one instance, so they agree.
const storage = new StorageStatus(navigator.storage, { probe: () => canWrite(db) });
const models = createModelManager({
  navigator,
  startWorker: () => {
    const handle = startWebLlmWorker();
    return {
      client: asWorkerClient(handle.client),
      wrapCallback: proxyCallback,
      terminate: () => handle.terminate(),
    };
  },
  fetch: (url, init) => fetch(url, init),
  customModels: new DexieCustomModelStore(db),
  storage,
});
// Runs with a local role stay on this thread: the WebLLM engines already generate in their own
// workers. Their remote roles (if any) get an endpoint pool here too.
const localRuns = async () => {
  const { createRunService, remoteEngine } = await import('../services/runService');
  const { workerRunIndexes } = await import('../services/workerRunIndexes');
  const { dedupWorker } = await import('./dedupWorkerClient');
  return createRunService({
    db,
    // The project-wide indexes live in the dedup worker, not on this (UI) thread.
    indexes: workerRunIndexes(dedupWorker),
    createEngine: (target) =>
      target.kind === 'webllm' ? models.engineFor(target.modelId) : remoteEngine(target),
  });
};
const dispatcher = createRunDispatcher({ db, local: localRuns, remote: runWorker });
const endpoints = new EndpointSettings();
const runs = new RunManager({
  db,
  worker: () => dispatcher,
  proxy: Comlink.proxy,
  endpoint: () => endpoints.access,
  builtInReferenceSets: async () =>
    (await listBuiltReferenceFiles((url) => fetch(url), import.meta.env.BASE_URL)).map(
      (f) => f.source,
    ),
  storageFull: () => storage.markFull(),
  localModels: models,
});
const exporter = new ExportState(db);
const importer = new ImportState({
  db,
  job: importJobPort(),
  endpoint: () => endpoints.access,
  storage,
});
void runs.init();
const browser = new DatasetBrowser({ db });
void models.init();
void storage.init();
importer.init();

// Precached static assets make the app work offline after the first visit (public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      console.warn('Offline support is unavailable:', error);
    });
  });
}

mount(App, {
  target: document.getElementById('app')!,
  context: appContext({
    runs,
    endpoints,
    models,
    storage,
    exporter,
    importer,
    browser,
  }),
});
