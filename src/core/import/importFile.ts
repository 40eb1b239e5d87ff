import type { AsyncBuffer } from 'hyparquet';
import type { ByteSource } from './byteSource';
import { bytesOf } from './byteSource';
import { importJsonl } from './importJsonl';
import { importParquet } from './importParquet';
import type { FileFormat, ImportKind, ImportOptions, ImportResult } from './importTypes';
import { throwIfCancelled } from './importTypes';
import { startsWithParquetMagic } from './sniffContent';

/** What the importer needs from a file; a browser `File` adapts in one line (see `fileFromBlob`). */
export interface ImportFile {
  name: string;
  size: number;
  slice(start: number, end: number): ArrayBuffer | Promise<ArrayBuffer>;
  stream(): ByteSource;
}

export interface FileImportOptions<K extends ImportKind> extends ImportOptions<K> {
  /** Force a format; by default the content decides and a misleading extension is a warning. */
  format?: FileFormat | 'auto';
}

export function fileFromBytes(name: string, bytes: Uint8Array): ImportFile {
  return {
    name,
    size: bytes.length,
    slice: (start, end) => bytes.slice(start, end).buffer,
    stream: () => bytes,
  };
}

export function fileFromBlob(blob: Blob, name: string): ImportFile {
  return {
    name,
    size: blob.size,
    slice: (start, end) => blob.slice(start, end).arrayBuffer(),
    stream: () => blob.stream(),
  };
}

export function formatFromName(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return 'jsonl';
  return null;
}

/** The file's bytes, counted for progress; stops between chunks once cancelled. */
async function* tracked<K extends ImportKind>(
  file: ImportFile,
  options: ImportOptions<K>,
): AsyncGenerator<Uint8Array> {
  let read = 0;
  for await (const chunk of bytesOf(file.stream())) {
    throwIfCancelled(options.signal);
    yield chunk;
    read += chunk.length;
    options.onProgress?.(file.size ? read / file.size : 1);
  }
  throwIfCancelled(options.signal);
}

/** Reads a JSONL or Parquet file of questions, pairs or reference texts, trusting content over name. */
export async function importFile<K extends ImportKind>(
  file: ImportFile,
  options: FileImportOptions<K>,
): Promise<ImportResult<K>> {
  const head = new Uint8Array(await file.slice(0, Math.min(4, file.size)));
  const sniffed: FileFormat = startsWithParquetMagic(head) ? 'parquet' : 'jsonl';
  const named = formatFromName(file.name);
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  const format = forced ?? sniffed;
  const buffer: AsyncBuffer = {
    byteLength: file.size,
    slice: (s, e) => file.slice(s, e ?? file.size),
  };
  const result =
    format === 'parquet'
      ? await importParquet(buffer, options)
      : await importJsonl(tracked(file, options), options);
  if (!forced && named && named !== sniffed && !result.report.fatal) {
    result.report.warnings.unshift(
      `"${file.name}" is named like ${named === 'parquet' ? 'Parquet' : 'JSON Lines'} but holds ${sniffed === 'parquet' ? 'Parquet' : 'JSON Lines'}; read by content`,
    );
  }
  return result;
}
