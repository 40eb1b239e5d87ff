import * as Comlink from 'comlink';
import type { ImportJobApi } from '../services/importJob';
import type { ImportJobPort } from '../state/importState.svelte';

let remote: Comlink.Remote<ImportJobApi> | undefined;

/** The import worker, started on the first import and kept for the page's lifetime. */
function importWorker(): Comlink.Remote<ImportJobApi> {
  remote ??= Comlink.wrap<ImportJobApi>(
    new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    }),
  );
  return remote;
}

/** The import job as the page's ImportState uses it: progress callbacks cross as proxies. */
export function importJobPort(): ImportJobPort {
  return {
    read: (file, name, request, onProgress) =>
      importWorker().read(file, name, request, Comlink.proxy(onProgress)),
    store: (request, onProgress) => importWorker().store(request, Comlink.proxy(onProgress)),
    cancel: () => void importWorker().cancel(),
    discard: () => void importWorker().discard(),
  };
}
