import { DedupIndexChecker } from '../core/dedup/dedupChecker';
import type {
  ContaminationChecker,
  ContaminationVerdict,
  DuplicateChecker,
  DuplicateVerdict,
} from '../core/ports/checkers';
import type { DedupWorkerApi } from './dedupWorkerApi';
import type { RunIndexesFactory } from './runIndexes';

/** The calls this side makes; a Comlink remote of the dedup worker provides them. */
export type DedupWorkerPort = Pick<
  {
    [K in keyof DedupWorkerApi]: (
      ...a: Parameters<DedupWorkerApi[K]>
    ) => Promise<Awaited<ReturnType<DedupWorkerApi[K]>>>;
  },
  'openRun' | 'checkDuplicate' | 'addDuplicate' | 'checkContamination' | 'closeRun'
>;

/** The project-wide duplicate index of one run, held in the dedup worker. */
export class WorkerDuplicateChecker implements DuplicateChecker {
  constructor(
    private readonly worker: DedupWorkerPort,
    private readonly handle: number,
  ) {}

  check(text: string): Promise<DuplicateVerdict> {
    return this.worker.checkDuplicate(this.handle, text);
  }

  add(id: string, text: string): Promise<void> {
    return this.worker.addDuplicate(this.handle, id, text);
  }
}

/** The reference-set n-gram index of one run, held in the dedup worker. */
export class WorkerContaminationChecker implements ContaminationChecker {
  constructor(
    private readonly worker: DedupWorkerPort,
    private readonly handle: number,
    readonly sources: readonly string[],
  ) {}

  check(text: string): Promise<ContaminationVerdict> {
    return this.worker.checkContamination(this.handle, text);
  }
}

/**
 * Run indexes for runs on the page (local WebLLM runs): the worker reads every kept question and
 * the reference sets and builds both indexes; only the small index of questions still in flight
 * stays here.
 */
export function workerRunIndexes(worker: () => DedupWorkerPort): RunIndexesFactory {
  return async (_db, config) => {
    const port = worker();
    const opened = await port.openRun(config);
    return {
      ...(opened.duplicates
        ? {
            duplicates: new WorkerDuplicateChecker(port, opened.handle),
            pendingDuplicates: () => new DedupIndexChecker(config.dedup),
          }
        : {}),
      ...(opened.contamination
        ? {
            contamination: new WorkerContaminationChecker(
              port,
              opened.handle,
              opened.contamination.sources,
            ),
          }
        : {}),
      release: () => void port.closeRun(opened.handle),
    };
  };
}
