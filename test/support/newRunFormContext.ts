import { appContext } from '../../src/state/appContext';
import type { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import type { LoadedModel, ModelManager } from '../../src/state/modelManager.svelte';
import type { RunManager } from '../../src/state/runManager.svelte';
import { StorageStatus } from '../../src/state/storageStatus.svelte';

/** What the New run form reads from the app context: runs, endpoints, loaded models, storage. */
export function formContext(
  runs: RunManager,
  endpoints: EndpointSettings,
  loadedModels: LoadedModel[] = [],
  storage = new StorageStatus(undefined),
): Map<symbol, unknown> {
  const models = { loadedModels } as unknown as ModelManager;
  return appContext({ runs, endpoints, models, storage });
}
