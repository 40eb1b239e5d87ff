import type {
  ImportKind,
  ImportRecordMap,
  ImportReport,
  PairFormat,
} from '../core/import/importTypes';
import { observe } from '../db/observe';
import { isQuotaError } from '../db/quotaError';
import { createQuestionRun, storeImportedPairs } from '../db/importRepository';
import {
  deleteReferenceSet,
  listReferenceSetSummaries,
  saveReferenceSet,
  type ReferenceSetSummary,
} from '../db/referenceSetRepository';
import type { StudioDb } from '../db/studioDb';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { APP_VERSION } from './appVersion';

export interface ImportStateDeps {
  db: StudioDb;
  /** Where a run of imported questions will send its model calls. */
  endpoint: () => RemoteEndpointConfig;
}

const baseName = (file: string) => file.replace(/\.[^.]+$/, '') || file;

/** Import form: read and validate a file, show the report, store it only when asked and valid. */
export class ImportState {
  kind = $state<ImportKind>('pairs');
  pairFormat = $state<PairFormat | 'auto'>('auto');
  fileName = $state<string | null>(null);
  report = $state.raw<ImportReport | null>(null);
  busy = $state(false);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  referenceSets = $state.raw<ReferenceSetSummary[]>([]);
  #records: ImportRecordMap[ImportKind][] = [];
  #readAs: ImportKind = 'pairs';
  readonly #deps: ImportStateDeps;
  #unsubscribe: (() => void) | undefined;

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

  /** A file can be stored when the importer found it usable and accepted at least one row. */
  get canStore(): boolean {
    return !!this.report && !this.report.fatal && this.report.accepted > 0 && !this.busy;
  }

  async read(file: Blob, name: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = null;
    this.report = null;
    this.#records = [];
    try {
      const kind = this.kind;
      // The importers (Parquet reader included) load on first import, not with the page.
      const { fileFromBlob, importFile } = await import('../core/import/importFile');
      const result = await importFile(fileFromBlob(file, name), {
        kind,
        ...(kind === 'pairs' ? { pairFormat: this.pairFormat } : {}),
      });
      this.#records = result.records;
      this.#readAs = kind;
      this.fileName = name;
      this.report = result.report;
    } catch (error) {
      this.error = `Could not read ${name}: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.busy = false;
    }
  }

  async store(): Promise<void> {
    if (!this.canStore || !this.fileName) return;
    const { db } = this.#deps;
    const source = this.fileName;
    this.busy = true;
    this.error = null;
    try {
      this.message = await this.#write(db, source);
      this.report = null;
      this.#records = [];
    } catch (error) {
      // The import is one transaction: whatever failed, the database is as it was.
      this.error = isQuotaError(error)
        ? 'Nothing was stored: the browser storage is full. Free space (delete a run or a cached model), then import again.'
        : `Nothing was stored: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.busy = false;
    }
  }

  async #write(db: StudioDb, source: string): Promise<string> {
    const name = baseName(source);
    switch (this.#readAs) {
      case 'pairs': {
        const pairs = (this.#records as ImportRecordMap['pairs'][]).map((r) => ({
          query: r.query,
          response: r.response,
        }));
        await storeImportedPairs(db, { name, source, pairs, appVersion: APP_VERSION });
        return `Stored ${pairs.length} pairs as the run "${name}" for review.`;
      }
      case 'reference': {
        const texts = (this.#records as ImportRecordMap['reference'][]).map((r) => r.text);
        await saveReferenceSet(db, { name, source, texts });
        return `Stored the reference set "${name}" (${texts.length} texts).`;
      }
      case 'questions': {
        const endpoint = this.#deps.endpoint();
        if (!endpoint.baseUrl || !endpoint.model)
          throw new Error('set the server URL and model first; the run will solve with them');
        const questions = (this.#records as ImportRecordMap['questions'][]).map((r) => r.question);
        await createQuestionRun(db, {
          name,
          source,
          questions,
          backend: { kind: 'remote', baseUrl: endpoint.baseUrl, model: endpoint.model },
          appVersion: APP_VERSION,
        });
        return `Created the run "${name}" to solve ${questions.length} questions; start it under Runs.`;
      }
    }
  }

  removeReferenceSet(id: string): Promise<void> {
    return deleteReferenceSet(this.#deps.db, id);
  }
}
