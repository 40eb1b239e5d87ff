import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { ImportCollector } from './importCollector';
import type { ImportKind, ImportOptions, ImportResult } from './importTypes';
import { throwIfCancelled } from './importTypes';
import { startsWithParquetMagic } from './sniffContent';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function bytesAt(file: AsyncBuffer, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end));
}

/** Why the file cannot be Parquet, checked from its two magic numbers before anything is parsed. */
async function framingProblem(file: AsyncBuffer): Promise<string | null> {
  if (file.byteLength < 12) return 'this is too small to be a Parquet file';
  if (!startsWithParquetMagic(await bytesAt(file, 0, 4))) {
    return 'this is not a Parquet file (it does not start with PAR1)';
  }
  if (!startsWithParquetMagic(await bytesAt(file, file.byteLength - 4, file.byteLength))) {
    return 'this Parquet file is truncated (the footer is missing)';
  }
  return null;
}

/**
 * Validates a Parquet file one row group at a time (memory holds one group of rows). Row numbers
 * in the report are 1-based. A file whose framing, footer or any row group cannot be read is fatal.
 */
export async function importParquet<K extends ImportKind>(
  file: AsyncBuffer,
  options: ImportOptions<K>,
): Promise<ImportResult<K>> {
  const collector = new ImportCollector(options, 'parquet');
  const problem = await framingProblem(file);
  if (problem) return collector.fatal(problem);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    return collector.fatal(`the Parquet footer cannot be read (${message(error)})`);
  }
  let rowStart = 0;
  const totalRows = Number(metadata.num_rows) || 1;
  for (const [index, group] of metadata.row_groups.entries()) {
    throwIfCancelled(options.signal);
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    } catch (error) {
      return collector.fatal(`row group ${index + 1} cannot be read (${message(error)})`);
    }
    for (const [i, row] of rows.entries()) collector.row(rowStart + i + 1, row);
    rowStart = rowEnd;
    options.onProgress?.(Math.min(1, rowEnd / totalRows));
  }
  return collector.result();
}
