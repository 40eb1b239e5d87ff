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

/** Text or bytes, as the streamed writers produce them. */
export type Chunk = string | Uint8Array;

export interface ExportFile {
  name: string;
  mime: string;
  chunks: Iterable<Chunk> | AsyncIterable<Chunk>;
}

export async function collectBlob(file: ExportFile): Promise<Blob> {
  const parts: BlobPart[] = [];
  for await (const chunk of file.chunks) parts.push(chunk as BlobPart);
  return new Blob(parts, { type: file.mime });
}
