import type { CardRun, DatasetCardInput } from '../core/export/datasetCardInput';
import { datasetCard } from '../core/export/datasetCard';
import { writeJsonl } from '../core/export/jsonlExport';
import { collectBlob, type Chunk, type ExportFile, type ExportFormat } from './exportFormats';
import { writeParquet } from '../core/export/parquetExport';
import type { ExportPair } from '../core/export/exportPair';
import { runFunnel } from '../core/export/runFunnel';
import { writeDatasetBundle } from '../core/export/zipBundle';
import type { RunConfig } from '../core/pipeline/runConfig';
import {
  countExportPairs,
  exportRuns,
  readExportPairs,
  type ExportSelection,
} from '../db/exportReader';
import type { RunRow } from '../core/runs/runRow';
import type { StudioDb } from '../db/studioDb';

export interface DatasetExportOptions extends ExportSelection {
  format: ExportFormat;
  /** System prompt for the chat layouts (messages, ShareGPT). */
  system?: string;
  /** Also write the dataset card (README.md). */
  card?: boolean;
  /** One zip: data + README.md + run-config.json. */
  zip?: boolean;
  title?: string;
  /** Hugging Face license id for the card. */
  license?: string;
  /** Called after each pair is written, for progress. */
  onPair?: (written: number) => void;
}

const LAYOUTS: Record<ExportFormat, string> = {
  scalequest: 'ScaleQuest query/response',
  messages: 'chat messages (system, user, assistant)',
  sharegpt: 'ShareGPT conversations',
  alpaca: 'Alpaca instruction/input/output',
  parquet: 'Parquet query/response',
};

async function* counted(
  pairs: AsyncIterable<ExportPair>,
  onPair?: (n: number) => void,
): AsyncGenerator<ExportPair> {
  let n = 0;
  for await (const pair of pairs) {
    yield pair;
    onPair?.(++n);
  }
}

/** The data file's chunks, streamed from the database page by page. */
export function dataChunks(db: StudioDb, options: DatasetExportOptions): AsyncIterable<Chunk> {
  const pairs = counted(readExportPairs(db, options), options.onPair);
  return options.format === 'parquet'
    ? writeParquet(pairs)
    : writeJsonl(pairs, {
        format: options.format,
        ...(options.system ? { system: options.system } : {}),
      });
}

/** The config as the card and run-config.json show it: imported question lists become counts. */
function configSnapshot(config: RunConfig): object {
  const { source, ...rest } = config;
  return source?.kind === 'imported'
    ? { ...rest, source: { ...source, questions: source.questions.length } }
    : rest;
}

function cardRun(run: RunRow): CardRun {
  return {
    id: run.id,
    name: run.name,
    seed: run.config.seed,
    startedAt: new Date(run.createdAt).toISOString(),
    appVersion: run.appVersion,
    settings: configSnapshot(run.config),
    funnel: runFunnel(run.progress),
    kept: run.progress.kept,
  };
}

function cardModels(runs: RunRow[]): DatasetCardInput['models'] {
  const names = new Set(
    runs.map((r) => (r.backend.kind === 'webllm' ? r.backend.modelId : r.backend.model)),
  );
  return [...names].filter((n) => n).map((name) => ({ role: 'generator and solver', name }));
}

export async function cardInput(
  db: StudioDb,
  options: DatasetExportOptions,
  dataPath: string,
): Promise<DatasetCardInput> {
  const runs = await exportRuns(db, options.runIds);
  return {
    title: options.title?.trim() || 'ScaleQuest Studio math dataset',
    license: options.license?.trim() || 'other',
    pairCount: await countExportPairs(db, options),
    onlyAccepted: options.acceptedOnly ?? false,
    dataFiles: [{ path: dataPath, layout: LAYOUTS[options.format] }],
    models: cardModels(runs),
    runs: runs.map(cardRun),
    createdAt: new Date().toISOString(),
  };
}

const extension = (format: ExportFormat) => (format === 'parquet' ? 'parquet' : 'jsonl');
const mimeOf = (format: ExportFormat) =>
  format === 'parquet' ? 'application/vnd.apache.parquet' : 'application/jsonl';

/**
 * The files an export produces: the data file (and README.md when asked), or one zip with data,
 * card and run configs. Nothing is read until a file's chunks are pulled.
 */
export async function datasetExportFiles(
  db: StudioDb,
  options: DatasetExportOptions,
  stamp = new Date().toISOString().slice(0, 10),
): Promise<ExportFile[]> {
  const ext = extension(options.format);
  if (options.zip) {
    const path = `data/train.${ext}`;
    const card = await cardInput(db, options, path);
    const runs = await exportRuns(db, options.runIds);
    const chunks = writeDatasetBundle({
      data: [{ path, content: dataChunks(db, options), compress: ext !== 'parquet' }],
      card,
      runConfigs: runs.map((r) => ({
        id: r.id,
        name: r.name,
        backend: r.backend,
        appVersion: r.appVersion,
        config: configSnapshot(r.config),
      })),
    });
    return [{ name: `scalequest-dataset-${stamp}.zip`, mime: 'application/zip', chunks }];
  }
  const name = `scalequest-${options.format}-${stamp}.${ext}`;
  const files: ExportFile[] = [
    { name, mime: mimeOf(options.format), chunks: dataChunks(db, options) },
  ];
  if (options.card) {
    const card = datasetCard(await cardInput(db, options, name));
    files.push({ name: 'README.md', mime: 'text/markdown', chunks: [card] });
  }
  return files;
}

/** Collects a file's chunks into a Blob (chunks stay separate parts; never one big string). */
/** Every kept pair of the project as ScaleQuest JSONL. */
export async function exportJsonlBlob(db: StudioDb): Promise<Blob> {
  const [file] = await datasetExportFiles(db, { format: 'scalequest' });
  return collectBlob(file!);
}
