import { mount } from 'svelte';
import * as Comlink from 'comlink';
import App from './ui/App.svelte';
import './ui/app.css';
import { studioDb } from './db/studioDb';
import { RunManager } from './state/runManager.svelte';
import { EndpointSettings } from './state/endpointSettings.svelte';
import { runWorker } from './services/runWorkerClient';

const runs = new RunManager({ db: studioDb(), worker: runWorker, proxy: Comlink.proxy });
const endpoint = new EndpointSettings();
void runs.init();

mount(App, { target: document.getElementById('app')!, props: { runs, endpoint } });
