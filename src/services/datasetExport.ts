import { cardContamination } from '../core/export/cardContamination';
import type { CardRun, DatasetCardInput, ReviewTally } from '../core/export/datasetCardInput';
import { datasetCard } from '../core/export/datasetCard';
import { writeJsonl } from '../core/export/jsonlExport';
import {
  collectBlob,
  exportFileName,
  type Chunk,
  type ExportFile,
  type ExportFormat,
} from './exportFormats';
import { CONTAMINATION_COLUMNS, writeParquet } from '../core/export/parquetExport';
import type { ExportPair } from '../core/export/exportPair';
import { runFunnel } from '../core/export/runFunnel';
import { writeDatasetBundle } from '../core/export/zipBundle';
import type { RunConfig } from '../core/pipeline/runConfig';
import type { StageName } from '../core/pipeline/records';
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import { emptyAggregates, STAGE_ROLE } from '../core/runs/runAggregates';
import { runChecks } from '../core/runs/runChecks';
import { exportRuns, readExportPairs, type ExportSelection } from '../db/exportReader';
import { ensureRunAggregates } from '../db/runAggregatesRepository';
import { backendModel } from '../core/runs/runBackends';
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

/**
 * Whether the data carries the contamination flag columns: some exported run checked its
 * questions and keeps those that overlap (action 'flag') instead of dropping them.
 */
async function flagsContamination(db: StudioDb, options: DatasetExportOptions): Promise<boolean> {
  for (const run of await exportRuns(db, options.runIds)) {
    const { enabled, action } = run.config.contamination;
    if (!enabled || action !== 'flag') continue;
    const agg = await ensureRunAggregates(db, run.id);
    if (agg && Object.keys(agg.contamination.checkedAgainst).length) return true;
  }
  return false;
}

/** The data file's chunks, streamed from the database page by page. */
export async function* dataChunks(
  db: StudioDb,
  options: DatasetExportOptions,
): AsyncGenerator<Chunk> {
  const flags = await flagsContamination(db, options);
  const pairs = counted(readExportPairs(db, options), options.onPair);
  yield* options.format === 'parquet'
    ? writeParquet(pairs, { metadataColumns: flags ? CONTAMINATION_COLUMNS : [] })
    : writeJsonl(pairs, {
        format: options.format,
        contaminationColumns: flags,
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

async function cardRun(db: StudioDb, run: RunRow, review: ReviewTally): Promise<CardRun> {
  const agg = (await ensureRunAggregates(db, run.id)) ?? emptyAggregates(run.id);
  return {
    id: run.id,
    name: run.name,
    seed: run.config.seed,
    startedAt: new Date(run.createdAt).toISOString(),
    appVersion: run.appVersion,
    settings: configSnapshot(run.config),
    funnel: runFunnel(agg),
    checks: runChecks(run.config, agg),
    ...cardContamination(run.config, agg),
    kept: agg.kept,
    review,
  };
}

const ROLE_NAMES: Record<EngineRole, string> = {
  generate: 'question generator',
  judge: 'solvability judge',
  solve: 'solver',
  score: 'solution scorer',
};

/** The model of each role that did work (spent tokens) in the exported runs. */
async function cardModels(db: StudioDb, runs: RunRow[]): Promise<DatasetCardInput['models']> {
  const seen = new Set<string>();
  const models: DatasetCardInput['models'] = [];
  for (const run of runs) {
    const agg = await ensureRunAggregates(db, run.id);
    const used = new Set(
      Object.entries(agg?.tokens ?? {}).flatMap(([stage, t]) =>
        t.promptTokens + t.completionTokens > 0 ? [STAGE_ROLE[stage as StageName]] : [],
      ),
    );
    const { backends } = run;
    if (!backends) continue;
    for (const role of ENGINE_ROLES) {
      if (!used.has(role)) continue;
      const name = backendModel(backends[role]);
      const key = `${role}\n${name}`;
      if (!name || seen.has(key)) continue;
      seen.add(key);
      models.push({ role: ROLE_NAMES[role], name });
    }
  }
  return models;
}

/** The card's input once the data was written: `tally` holds what each run contributed. */
export async function cardInput(
  db: StudioDb,
  options: DatasetExportOptions,
  dataPath: string,
  tally: ReadonlyMap<string, ReviewTally>,
): Promise<DatasetCardInput> {
  const runs = (await exportRuns(db, options.runIds)).filter((r) => tally.has(r.id));
  const rule = options.review ?? 'exclude-rejected';
  const cardRuns = await Promise.all(runs.map((r) => cardRun(db, r, tally.get(r.id)!)));
  const pairCount = cardRuns.reduce(
    (n, r) => n + r.review.accepted + (rule === 'accepted-only' ? 0 : r.review.pending),
    0,
  );
  return {
    title: options.title?.trim() || 'ScaleQuest Studio math dataset',
    license: options.license?.trim() || 'other',
    pairCount,
    reviewRule: rule,
    dataFiles: [{ path: dataPath, layout: LAYOUTS[options.format] }],
    models: await cardModels(db, runs),
    runs: cardRuns,
    createdAt: new Date().toISOString(),
  };
}

/**
 * The card, written after the data file: its counts are what the export actually wrote (the
 * data file's chunks must have been consumed before this is pulled).
 */
async function* cardAfterData(
  db: StudioDb,
  options: DatasetExportOptions,
  dataPath: string,
  tally: ReadonlyMap<string, ReviewTally>,
): AsyncGenerator<string> {
  yield datasetCard(await cardInput(db, options, dataPath, tally));
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
  const tally = new Map<string, ReviewTally>();
  const selection = { ...options, tally };
  if (options.zip) {
    const path = `data/train.${ext}`;
    const runs = await exportRuns(db, options.runIds);
    const chunks = writeDatasetBundle({
      data: [{ path, content: dataChunks(db, selection), compress: ext !== 'parquet' }],
      card: cardAfterData(db, options, path, tally),
      runConfigs: runs.map((r) => ({
        id: r.id,
        name: r.name,
        backends: r.backends,
        appVersion: r.appVersion,
        config: configSnapshot(r.config),
      })),
    });
    return [{ name: exportFileName('zip', stamp), mime: 'application/zip', chunks }];
  }
  const name = exportFileName(options.format, stamp);
  const files: ExportFile[] = [
    { name, mime: mimeOf(options.format), chunks: dataChunks(db, selection) },
  ];
  // Saved after the data file, so it states what was written.
  if (options.card)
    files.push({
      name: 'README.md',
      mime: 'text/markdown',
      chunks: cardAfterData(db, options, name, tally),
    });
  return files;
}

/** Every kept pair of the project not rejected in review (edits applied), as ScaleQuest JSONL. */
export async function exportJsonlBlob(db: StudioDb): Promise<Blob> {
  const [file] = await datasetExportFiles(db, { format: 'scalequest' });
  return collectBlob(file!);
}
