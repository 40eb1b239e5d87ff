import { fileFromBlob, importFile } from '../core/import/importFile';
import type {
  ImportKind,
  ImportRecordMap,
  ImportReport,
  PairFormat,
} from '../core/import/importTypes';
import { ImportCancelled } from '../core/import/importTypes';
import { createQuestionRun, storeImportedPairs } from '../db/importRepository';
import { isQuotaError } from '../db/quotaError';
import { saveReferenceSet } from '../db/referenceSetRepository';
import type { StudioDb } from '../db/studioDb';
import type { RunBackends } from '../core/runs/runBackends';

export type ImportStage = 'reading' | 'storing';

export interface ImportReadRequest {
  kind: ImportKind;
  pairFormat: PairFormat | 'auto';
}

export interface ImportStoreRequest {
  appVersion: string;
  /** Where a run of imported questions will send its model calls (none: no usable server). */
  backends?: RunBackends;
}

export type ImportReadOutcome =
  | { status: 'read'; report: ImportReport }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export type ImportStoreOutcome =
  | { status: 'stored'; message: string }
  | { status: 'cancelled' }
  /** The browser refused the write for lack of space; the transaction left nothing behind. */
  | { status: 'full' }
  | { status: 'failed'; message: string };

export type ImportProgressCallback = (stage: ImportStage, fraction: number) => void;

/**
 * What the import worker does: read and validate a file, keep its records, store them in one
 * transaction, with progress and cancel. Parsing, validation and packing are CPU work on
 * megabytes of text, so they run in the worker and the page only sees the report and progress.
 */
export interface ImportJobApi {
  read(
    file: Blob,
    name: string,
    request: ImportReadRequest,
    onProgress: ImportProgressCallback,
  ): Promise<ImportReadOutcome>;
  store(
    request: ImportStoreRequest,
    onProgress: ImportProgressCallback,
  ): Promise<ImportStoreOutcome>;
  /** Stops the read or store under way (a store is rolled back: nothing is kept). */
  cancel(): void;
  /** Forgets the records of the last read. */
  discard(): void;
}

const baseName = (file: string) => file.replace(/\.[^.]+$/, '') || file;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reports progress only when it moved by a percent, so a 50 MB file sends ~100 messages. */
function throttled(stage: ImportStage, onProgress: ImportProgressCallback) {
  let last = -1;
  onProgress(stage, 0);
  return (fraction: number) => {
    if (fraction - last < 0.01 && fraction < 1) return;
    last = fraction;
    onProgress(stage, fraction);
  };
}

export function createImportJob(deps: { db: StudioDb }): ImportJobApi {
  let current = { aborted: false };
  let held: { kind: ImportKind; name: string; records: ImportRecordMap[ImportKind][] } | null =
    null;

  const begin = () => {
    current.aborted = true;
    current = { aborted: false };
    return current;
  };

  async function write(
    kind: ImportKind,
    source: string,
    records: ImportRecordMap[ImportKind][],
    request: ImportStoreRequest,
    signal: { readonly aborted: boolean },
    onProgress: (fraction: number) => void,
  ): Promise<string> {
    const name = baseName(source);
    switch (kind) {
      case 'pairs': {
        const pairs = (records as ImportRecordMap['pairs'][]).map((r) => ({
          query: r.query,
          response: r.response,
        }));
        await storeImportedPairs(deps.db, {
          name,
          source,
          pairs,
          appVersion: request.appVersion,
          onProgress,
          signal,
        });
        return `Stored ${pairs.length} pairs as the run "${name}" for review.`;
      }
      case 'reference': {
        const texts = (records as ImportRecordMap['reference'][]).map((r) => r.text);
        await saveReferenceSet(deps.db, { name, source, texts });
        return `Stored the reference set "${name}" (${texts.length} texts).`;
      }
      case 'questions': {
        const { backends } = request;
        if (!backends)
          throw new Error('set the server URL and model first; the run will solve with them');
        const questions = (records as ImportRecordMap['questions'][]).map((r) => r.question);
        await createQuestionRun(deps.db, {
          name,
          source,
          questions,
          backends,
          appVersion: request.appVersion,
        });
        return `Created the run "${name}" to solve ${questions.length} questions; start it under Runs.`;
      }
    }
  }

  return {
    async read(file, name, request, onProgress) {
      const signal = begin();
      held = null;
      try {
        const result = await importFile(fileFromBlob(file, name), {
          kind: request.kind,
          ...(request.kind === 'pairs' ? { pairFormat: request.pairFormat } : {}),
          onProgress: throttled('reading', onProgress),
          signal,
        });
        held = { kind: request.kind, name, records: result.records };
        return { status: 'read', report: result.report };
      } catch (error) {
        if (error instanceof ImportCancelled) return { status: 'cancelled' };
        return { status: 'failed', message: messageOf(error) };
      }
    },

    async store(request, onProgress) {
      if (!held) return { status: 'failed', message: 'read a file first' };
      const signal = begin();
      const { kind, name, records } = held;
      try {
        const message = await write(
          kind,
          name,
          records,
          request,
          signal,
          throttled('storing', onProgress),
        );
        held = null;
        return { status: 'stored', message };
      } catch (error) {
        // Every write is one transaction: whatever failed, the database is as it was, and the
        // records stay here so the same import can be tried again.
        if (error instanceof ImportCancelled || signal.aborted) return { status: 'cancelled' };
        if (isQuotaError(error)) return { status: 'full' };
        return { status: 'failed', message: messageOf(error) };
      }
    },

    cancel() {
      current.aborted = true;
    },

    discard() {
      held = null;
    },
  };
}
