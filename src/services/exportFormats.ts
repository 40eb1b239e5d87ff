import type { JsonlFormat } from '../core/export/jsonlExport';

// Kept apart from datasetExport so the page can list formats without loading the writers.
export type ExportFormat = JsonlFormat | 'parquet';

export const EXPORT_FORMATS: { id: ExportFormat; label: string }[] = [
  { id: 'scalequest', label: 'ScaleQuest JSONL (query, response)' },
  { id: 'messages', label: 'Chat messages JSONL' },
  { id: 'sharegpt', label: 'ShareGPT JSONL' },
  { id: 'alpaca', label: 'Alpaca JSONL' },
  { id: 'parquet', label: 'Parquet (query, response)' },
];

/**
 * The one naming scheme of exported files, whichever button wrote them:
 * scalequest-pairs-<date>.jsonl for the plain (query, response) JSONL,
 * scalequest-pairs-<format>-<date>.<ext> for the others, scalequest-dataset-<date>.zip for a bundle.
 */
export function exportFileName(
  format: ExportFormat | 'zip',
  stamp = new Date().toISOString().slice(0, 10),
): string {
  if (format === 'zip') return `scalequest-dataset-${stamp}.zip`;
  const ext = format === 'parquet' ? 'parquet' : 'jsonl';
  return format === 'scalequest'
    ? `scalequest-pairs-${stamp}.${ext}`
    : `scalequest-pairs-${format}-${stamp}.${ext}`;
}

/** Text or bytes, as the streamed writers produce them. */
export type Chunk = string | Uint8Array;

export interface ExportFile {
  name: string;
  mime: string;
  chunks: Iterable<Chunk> | AsyncIterable<Chunk>;
}

/**
 * The file as one Blob. Each chunk becomes a Blob as soon as it is written, so its bytes are
 * encoded and handed to the browser's blob store while the export is still reading, instead
 * of all at once at the end, and the page's heap never holds the whole file as strings.
 */
export async function collectBlob(file: ExportFile): Promise<Blob> {
  const parts: Blob[] = [];
  for await (const chunk of file.chunks) parts.push(new Blob([chunk as BlobPart]));
  return new Blob(parts, { type: file.mime });
}
