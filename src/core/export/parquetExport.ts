import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { contaminationColumns, type ExportPair, type PairSource } from './exportPair';

export type ParquetMetadataColumn =
  | 'run_id'
  | 'agreement'
  | 'majority_answer'
  | 'contaminated'
  | 'contamination_source'
  | 'contamination_overlap';

/** The contamination flag columns, for runs that flag overlapping questions instead of dropping them. */
export const CONTAMINATION_COLUMNS: readonly ParquetMetadataColumn[] = [
  'contaminated',
  'contamination_source',
  'contamination_overlap',
];

export interface ParquetExportOptions {
  /** Columns written after `query` and `response`; empty values become nulls. */
  metadataColumns?: readonly ParquetMetadataColumn[];
  /** Rows per row group: memory holds one group of pairs plus its encoded bytes. */
  rowGroupSize?: number;
  createdBy?: string;
}

const METADATA_SCHEMA: Record<ParquetMetadataColumn, SchemaElement> = {
  run_id: {
    name: 'run_id',
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'OPTIONAL',
  },
  agreement: { name: 'agreement', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  majority_answer: {
    name: 'majority_answer',
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'OPTIONAL',
  },
  contaminated: { name: 'contaminated', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  contamination_source: {
    name: 'contamination_source',
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'OPTIONAL',
  },
  contamination_overlap: {
    name: 'contamination_overlap',
    type: 'DOUBLE',
    repetition_type: 'OPTIONAL',
  },
};

const METADATA_VALUE: Record<
  ParquetMetadataColumn,
  (p: ExportPair) => string | number | boolean | null
> = {
  run_id: (p) => p.runId ?? null,
  agreement: (p) => p.agreement ?? null,
  majority_answer: (p) => p.majorityAnswer ?? null,
  contaminated: (p) => contaminationColumns(p).contaminated,
  contamination_source: (p) => contaminationColumns(p).contamination_source,
  contamination_overlap: (p) => contaminationColumns(p).contamination_overlap,
};

function parquetSchemaFor(metadata: readonly ParquetMetadataColumn[]): SchemaElement[] {
  const text = (name: string): SchemaElement => ({
    name,
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'REQUIRED',
  });
  return [
    { name: 'schema', num_children: 2 + metadata.length },
    text('query'),
    text('response'),
    ...metadata.map((m) => METADATA_SCHEMA[m]),
  ];
}

/** Bytes written so far, handed out and forgotten so the writer's buffer never holds the file. */
function drain(writer: ByteWriter): Uint8Array {
  const bytes = writer.getBytes().slice();
  writer.index = 0;
  return bytes;
}

/**
 * Streams a Parquet file (snappy, one row group per `rowGroupSize` pairs) that pyarrow and
 * Hugging Face `datasets` read as string columns `query`, `response` plus the chosen metadata.
 */
export async function* writeParquet(
  pairs: PairSource,
  options: ParquetExportOptions = {},
): AsyncGenerator<Uint8Array> {
  const metadata = options.metadataColumns ?? [];
  const rowGroupSize = options.rowGroupSize ?? 10_000;
  const writer = new ByteWriter(1 << 16);
  const parquet = new ParquetWriter({
    writer,
    schema: parquetSchemaFor(metadata),
    codec: 'SNAPPY',
    createdBy: options.createdBy ?? 'ScaleQuest Studio',
  });
  let batch: ExportPair[] = [];
  const writeGroup = async () => {
    const columnData = [
      { name: 'query', data: batch.map((p) => p.query) },
      { name: 'response', data: batch.map((p) => p.response) },
      ...metadata.map((m) => ({ name: m, data: batch.map(METADATA_VALUE[m]) })),
    ];
    await parquet.write({ columnData, rowGroupSize: batch.length });
    batch = [];
  };
  for await (const pair of pairs) {
    batch.push(pair);
    if (batch.length >= rowGroupSize) {
      await writeGroup();
      yield drain(writer);
    }
  }
  if (batch.length > 0) await writeGroup();
  await parquet.finish();
  yield drain(writer);
}
