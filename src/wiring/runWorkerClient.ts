import * as Comlink from 'comlink';
import type { RunService } from '../services/runService';

let remote: Comlink.Remote<RunService> | undefined;

/** The pipeline worker, started on first use and kept for the page's lifetime. */
export function runWorker(): Comlink.Remote<RunService> {
  remote ??= Comlink.wrap<RunService>(
    new Worker(new URL('../../workers/run.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pipeline',
    }),
  );
  return remote;
}
