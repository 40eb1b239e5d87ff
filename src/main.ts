import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from './ui/App.svelte';
import './ui/app.css';
import { studioDb } from './db/studioDb';
import { DexieCustomModelStore } from './db/customModelRepository';
import { RunManager } from './state/runManager.svelte';
import { EndpointSettings } from './state/endpointSettings.svelte';
import { DatasetBrowser } from './state/datasetBrowser.svelte';
import { createModelManager } from './state/modelManager.svelte';
import { runWorker } from './services/runWorkerClient';
import { createRunDispatcher } from './services/runDispatcher';
import { asWorkerClient, proxyCallback, startWebLlmWorker } from './engine/webllm/webLlmClient';

const db = studioDb();
const models = createModelManager({
  navigator,
  startWorker: () => {
    const handle = startWebLlmWorker();
    return { client: asWorkerClient(handle.client), wrapCallback: proxyCallback };
  },
  fetch: (url) => fetch(url),
  customModels: new DexieCustomModelStore(db),
});
// Local runs stay on this thread: the WebLLM engine already generates in its own worker.
const localRuns = async () => {
  const { createRunService } = await import('./services/runService');
  return createRunService({
    db,
    createEngine: (_endpoint, backend) =>
      backend.kind === 'webllm' && backend.modelId === models.loadedModelId
        ? models.engine
        : undefined,
  });
};
const dispatcher = createRunDispatcher({ db, local: localRuns, remote: runWorker });
const runs = new RunManager({ db, worker: () => dispatcher, proxy: Comlink.proxy });
const endpoint = new EndpointSettings();
void runs.init();
const browser = new DatasetBrowser({ db });
browser.init();
void models.init();

mount(App, { target: document.getElementById('app')!, props: { runs, endpoint, models, browser } });
