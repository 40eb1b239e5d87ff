import * as Comlink from 'comlink';
import type { DedupWorkerApi } from '../services/dedupWorkerApi';

let remote: Comlink.Remote<DedupWorkerApi> | undefined;

/** The dedup worker, started on first use and kept for the page's lifetime. */
export function dedupWorker(): Comlink.Remote<DedupWorkerApi> {
  remote ??= Comlink.wrap<DedupWorkerApi>(
    new Worker(new URL('../../workers/dedup.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dedup',
    }),
  );
  return remote;
}
