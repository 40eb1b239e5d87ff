import type { ImportKind, ImportReport, PairFormat } from '../core/import/importTypes';
import { observe } from '../db/observe';
import {
  deleteReferenceSet,
  listReferenceSetSummaries,
  type ReferenceSetSummary,
} from '../db/referenceSetRepository';
import type { StudioDb } from '../db/studioDb';
import {
  backendsFor,
  firstUsableGroup,
  type RemoteAccess,
  type RunBackends,
} from '../core/runs/runBackends';
import type { ImportJobApi, ImportStage } from '../services/importJob';
import { FULL_IMPORT_MESSAGE } from '../services/storageFull';
import { APP_VERSION } from './appVersion';
import { sameForAll } from './stageChoices';

/** The import job as the page reaches it: in the import worker, or in-process in tests. */
export type ImportJobPort = ImportJobApi;

export interface ImportStateDeps {
  db: StudioDb;
  job: ImportJobPort;
  /** The saved endpoints: a run of imported questions solves on the first usable group. */
  endpoint: () => RemoteAccess;
  /** Storage full: Import is off while it lasts, and a refused write says so. */
  storage?: { readonly full: boolean; markFull(): void };
}

/**
 * Import form: a file is read and validated in the import worker (progress, cancel), its report
 * shown, and it is stored only when asked and valid. The page thread never parses the file.
 */
export class ImportState {
  kind = $state<ImportKind>('pairs');
  pairFormat = $state<PairFormat | 'auto'>('auto');
  fileName = $state<string | null>(null);
  report = $state.raw<ImportReport | null>(null);
  /** What the worker is doing now, and how far it got (0–1). */
  stage = $state<ImportStage | null>(null);
  progress = $state(0);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  referenceSets = $state.raw<ReferenceSetSummary[]>([]);
  readonly #deps: ImportStateDeps;
  #unsubscribe: (() => void) | undefined;
  #job = 0;

  constructor(deps: ImportStateDeps) {
    this.#deps = deps;
  }

  init(): void {
    this.#unsubscribe = observe(
      () => listReferenceSetSummaries(this.#deps.db),
      (sets) => (this.referenceSets = sets),
      (error) => (this.error = String(error)),
    );
  }

  dispose(): void {
    this.#unsubscribe?.();
  }

  get busy(): boolean {
    return this.stage !== null;
  }

  /** Browser storage is full: nothing can be stored until a write goes through again. */
  get storageFull(): boolean {
    return this.#deps.storage?.full ?? false;
  }

  /** A file can be stored when the importer found it usable and accepted at least one row. */
  get canStore(): boolean {
    return (
      !!this.report &&
      !this.report.fatal &&
      this.report.accepted > 0 &&
      !this.busy &&
      !this.storageFull
    );
  }

  #begin(stage: ImportStage): number {
    this.stage = stage;
    this.progress = 0;
    this.error = null;
    this.message = null;
    return ++this.#job;
  }

  /**
   * Progress of job `id` while it runs: progress travels on its own channel and may arrive after
   * the job's result, and a cancelled job's late messages move nothing.
   */
  #onProgress(id: number) {
    return (stage: ImportStage, fraction: number) => {
      if (id !== this.#job || this.stage === null) return;
      this.stage = stage;
      this.progress = fraction;
    };
  }

  async read(file: Blob, name: string): Promise<void> {
    const id = this.#begin('reading');
    this.report = null;
    this.fileName = name;
    try {
      const outcome = await this.#deps.job.read(
        file,
        name,
        { kind: this.kind, pairFormat: this.pairFormat },
        this.#onProgress(id),
      );
      if (id !== this.#job) return;
      if (outcome.status === 'read') this.report = outcome.report;
      else if (outcome.status === 'cancelled') this.message = `Stopped reading ${name}.`;
      else this.error = `Could not read ${name}: ${outcome.message}`;
    } catch (error) {
      if (id === this.#job) this.error = `Could not read ${name}: ${String(error)}`;
    } finally {
      if (id === this.#job) this.stage = null;
    }
  }

  async store(): Promise<void> {
    if (!this.canStore || !this.fileName) return;
    const id = this.#begin('storing');
    const backends = this.#questionBackends();
    try {
      const outcome = await this.#deps.job.store(
        { appVersion: APP_VERSION, ...(backends ? { backends } : {}) },
        this.#onProgress(id),
      );
      if (id !== this.#job) return;
      switch (outcome.status) {
        case 'stored':
          this.message = outcome.message;
          this.report = null;
          break;
        case 'cancelled':
          this.message = 'Import cancelled: nothing was stored.';
          break;
        case 'full':
          // One transaction: nothing was written, and the read file stays ready for a retry.
          this.error = FULL_IMPORT_MESSAGE;
          this.#deps.storage?.markFull();
          break;
        case 'failed':
          this.error = `Nothing was stored: ${outcome.message}`;
      }
    } catch (error) {
      if (id === this.#job) this.error = `Nothing was stored: ${String(error)}`;
    } finally {
      if (id === this.#job) this.stage = null;
    }
  }

  /** Where a run of imported questions would solve: every role on the first usable group. */
  #questionBackends(): RunBackends | undefined {
    const access = this.#deps.endpoint();
    const groupId = firstUsableGroup(access);
    if (groupId === undefined) return undefined;
    return backendsFor(sameForAll({ kind: 'remote', groupId }), access).backends;
  }

  /** Stops reading or storing; a store is rolled back in the worker, so nothing is kept. */
  cancel(): void {
    if (this.busy) this.#deps.job.cancel();
  }

  removeReferenceSet(id: string): Promise<void> {
    return deleteReferenceSet(this.#deps.db, id);
  }
}
