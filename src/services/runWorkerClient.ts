import * as Comlink from 'comlink';
import type { RunWorkerApi } from '../../workers/run.worker';

let remote: Comlink.Remote<RunWorkerApi> | undefined;

/** The pipeline worker, started on first use and kept for the page's lifetime. */
export function runWorker(): Comlink.Remote<RunWorkerApi> {
  remote ??= Comlink.wrap<RunWorkerApi>(
    new Worker(new URL('../../workers/run.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipeline',
    }),
  );
  return remote;
}

export { Comlink };
