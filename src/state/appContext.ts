/**
 * The page's long-lived state objects, handed to the component tree as Svelte context (one map
 * given to `mount` by the page entry, or to `render` by a component test) instead of as props
 * threaded through the shell: each screen asks for the objects it uses.
 */
import { getContext, hasContext } from 'svelte';
import type { DatasetBrowser } from './datasetBrowser.svelte';
import type { EndpointSettings } from './endpointSettings.svelte';
import type { ExportState } from './exportState.svelte';
import type { ImportState } from './importState.svelte';
import type { ModelManager } from './modelManager.svelte';
import type { RunManager } from './runManager.svelte';
import type { StorageStatus } from './storageStatus.svelte';

export interface AppState {
  runs: RunManager;
  endpoints: EndpointSettings;
  models: ModelManager;
  storage: StorageStatus;
  exporter: ExportState;
  importer: ImportState;
  browser: DatasetBrowser;
}

const KEYS: { readonly [K in keyof AppState]: symbol } = {
  runs: Symbol('runs'),
  endpoints: Symbol('endpoints'),
  models: Symbol('models'),
  storage: Symbol('storage'),
  exporter: Symbol('exporter'),
  importer: Symbol('importer'),
  browser: Symbol('browser'),
};

/** The context map for `mount(App, { context })`; tests pass only what the component reads. */
export function appContext(state: Partial<AppState>): Map<symbol, unknown> {
  const context = new Map<symbol, unknown>();
  for (const name of Object.keys(state) as (keyof AppState)[]) context.set(KEYS[name], state[name]);
  return context;
}

function read<K extends keyof AppState>(name: K): AppState[K] {
  // A missing object is a wiring mistake; say which one instead of failing later on `undefined`.
  if (!hasContext(KEYS[name])) throw new Error(`The app context has no "${name}" object.`);
  return getContext<AppState[K]>(KEYS[name]);
}

/** Call these during component initialisation, like any Svelte context read. */
export const getRuns = (): RunManager => read('runs');
export const getEndpoints = (): EndpointSettings => read('endpoints');
export const getModels = (): ModelManager => read('models');
export const getStorage = (): StorageStatus => read('storage');
export const getExporter = (): ExportState => read('exporter');
export const getImporter = (): ImportState => read('importer');
export const getBrowser = (): DatasetBrowser => read('browser');
