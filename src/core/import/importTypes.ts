/** What a file is imported as: questions to solve, pairs to review/merge, or a contamination reference set. */
export type ImportKind = 'questions' | 'pairs' | 'reference';

export type PairFormat = 'scalequest' | 'messages' | 'sharegpt' | 'alpaca';

export type FileFormat = 'jsonl' | 'parquet';

export interface ImportedQuestion {
  /** 1-based line (JSONL) or row (Parquet) the record came from. */
  line: number;
  id?: string;
  question: string;
}

export interface ImportedPair {
  line: number;
  id?: string;
  query: string;
  response: string;
  system?: string;
}

export interface ImportedReference {
  line: number;
  id?: string;
  text: string;
}

export interface ImportRecordMap {
  questions: ImportedQuestion;
  pairs: ImportedPair;
  reference: ImportedReference;
}

export interface RejectedLine {
  line: number;
  reason: string;
}

export interface ImportReport {
  accepted: number;
  /** The first `maxRejectedListed` rejections; `rejectedTotal` counts all of them. */
  rejected: RejectedLine[];
  rejectedTotal: number;
  warnings: string[];
  /** Set when the whole file is unusable; then no records are returned. */
  fatal?: string;
  format?: FileFormat;
  /** Whether `line` numbers count text lines or Parquet rows. */
  unit: 'line' | 'row';
  pairFormat?: PairFormat;
}

export interface ImportResult<K extends ImportKind> {
  records: ImportRecordMap[K][];
  report: ImportReport;
}

export interface ImportOptions<K extends ImportKind> {
  kind: K;
  /** Pair layout; detected from the first recognisable row when absent or 'auto'. */
  pairFormat?: PairFormat | 'auto';
  /** Text field for questions/reference rows; by default the first of the usual names present. */
  field?: string;
  /** Field holding a row id (default `id`); duplicate ids are rejected. */
  idField?: string;
  /** Longer lines are rejected without being held in memory (default 1 MiB). */
  maxLineBytes?: number;
  /** Cap on listed rejections so a garbage file cannot flood memory (default 1000). */
  maxRejectedListed?: number;
  /** Told now and then how much of the file has been read (0–1). */
  onProgress?: (fraction: number) => void;
  /** Checked between chunks: once aborted, reading stops with an `ImportCancelled` error. */
  signal?: { readonly aborted: boolean };
}

/** Reading or storing a file stopped because the person cancelled it. */
export class ImportCancelled extends Error {
  override name = 'ImportCancelled';
  constructor() {
    super('the import was cancelled');
  }
}

/** Throws `ImportCancelled` once `signal` is aborted. */
export function throwIfCancelled(signal: { readonly aborted: boolean } | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}
