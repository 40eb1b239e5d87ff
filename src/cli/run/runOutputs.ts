import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { datasetCard } from '../../core/export/datasetCard';
import { cardContamination } from '../../core/export/cardContamination';
import { runFunnel } from '../../core/export/runFunnel';
import { emptyAggregates, foldAttempt, type RunAggregates } from '../../core/runs/runAggregates';
import { runChecks } from '../../core/runs/runChecks';
import { flagOf, type ExportPair } from '../../core/export/exportPair';
import { JSONL_FORMATS, writeJsonl, type JsonlFormat } from '../../core/export/jsonlExport';
import { CONTAMINATION_COLUMNS, writeParquet } from '../../core/export/parquetExport';
import { scanJournal, type JournalAttempt } from './journalLines';
import type { RunFile } from './runFile';

export type OutputFormat = JsonlFormat | 'parquet';
export const OUTPUT_FORMATS: readonly OutputFormat[] = [...JSONL_FORMATS, 'parquet'];

const LAYOUTS: Record<OutputFormat, string> = {
  scalequest: 'ScaleQuest query/response JSONL',
  messages: 'chat messages JSONL',
  sharegpt: 'ShareGPT conversations JSONL',
  alpaca: 'Alpaca instruction/output JSONL',
  parquet: 'Parquet with query/response (+ run_id, agreement, majority_answer)',
};

/** Each stored attempt once, in journal order (a journal never repeats an id, but a copy may). */
async function attempts(journal: string, visit: (a: JournalAttempt) => void): Promise<void> {
  const seen = new Set<string>();
  await scanJournal(journal, (entry) => {
    if (entry.kind !== 'attempt' || seen.has(entry.question.id)) return;
    seen.add(entry.question.id);
    visit(entry);
  });
}

/** The kept pairs of a journal: each kept question with its chosen solution. */
export async function keptPairs(journal: string): Promise<ExportPair[]> {
  const pairs: ExportPair[] = [];
  await attempts(journal, ({ question: q, solutions }) => {
    const chosen = solutions.find((s) => s.id === q.chosenSolutionId);
    if (q.status !== 'kept' || !chosen) return;
    pairs.push({
      query: q.text,
      response: chosen.text,
      runId: q.runId,
      agreement: q.agreement,
      majorityAnswer: q.majorityAnswer,
      ...flagOf(q),
    });
  });
  return pairs;
}

/** Writes next to `path` and renames, so a reader never sees half a file. */
async function writeAtomically(
  path: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string>,
): Promise<void> {
  const temporary = `${path}.partial`;
  const out = createWriteStream(temporary);
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  await rename(temporary, path);
}

/** Whether a run's outputs carry the contamination flag columns: it checked, and keeps what overlaps. */
export function flagsContamination(run: RunFile['run'], checked: boolean): boolean {
  return checked && run.contamination.enabled && run.contamination.action === 'flag';
}

export async function writePairs(
  path: string,
  format: OutputFormat,
  pairs: ExportPair[],
  options: { contaminationColumns: boolean },
): Promise<void> {
  const flags = options.contaminationColumns;
  const chunks =
    format === 'parquet'
      ? writeParquet(pairs, {
          metadataColumns: [
            'run_id',
            'agreement',
            'majority_answer',
            ...(flags ? CONTAMINATION_COLUMNS : []),
          ],
        })
      : writeJsonl(pairs, { format, contaminationColumns: flags });
  await writeAtomically(path, chunks);
}

/** The run's aggregates folded from the journal, each stored attempt once, in journal order. */
export async function journalAggregates(journal: string, runId: string): Promise<RunAggregates> {
  const agg = emptyAggregates(runId);
  await attempts(journal, ({ question, solutions }) => foldAttempt(agg, question, solutions));
  return agg;
}

/** The dataset card for the output file (settings only; endpoints and keys are left out). */
export async function writeCard(
  path: string,
  options: {
    file: RunFile;
    runId: string;
    journal: string;
    out: string;
    format: OutputFormat;
    pairs: number;
    /** Pairs written with the contamination flag set. */
    flagged: number;
    version: string;
    /** A section of this run's own (checks and fallbacks), appended to the card. */
    section?: string;
  },
): Promise<void> {
  const { file } = options;
  const modelOf = (names: string[]) =>
    [...new Set(file.endpoints.filter((e) => names.includes(e.name)).map((e) => e.model))].join(
      ', ',
    );
  const models = [
    { role: 'question generator', name: modelOf(file.roles.generate) },
    { role: 'judge', name: modelOf(file.roles.judge) },
    { role: 'solver', name: modelOf(file.roles.solve) },
    ...(file.rewardModel && file.run.selection.scorer === 'reward-model'
      ? [{ role: 'reward model', name: file.rewardModel.model }]
      : []),
  ];
  const agg = await journalAggregates(options.journal, options.runId);
  const checks = runChecks(file.run, agg);
  const card = datasetCard({
    title: 'ScaleQuest math question–answer pairs',
    license: 'other',
    pairCount: options.pairs,
    reviewRule: 'no-review',
    dataFiles: [{ path: basename(options.out), layout: LAYOUTS[options.format] }],
    models: models.filter((m) => m.name),
    runs: [
      {
        id: options.runId,
        seed: file.run.seed,
        appVersion: options.version,
        settings: file.run,
        funnel: runFunnel(agg),
        checks,
        ...cardContamination(file.run, agg),
        kept: agg.kept,
        review: {
          accepted: 0,
          pending: options.pairs,
          rejected: 0,
          edited: 0,
          flagged: options.flagged,
        },
      },
    ],
    appVersion: options.version,
    createdAt: new Date().toISOString(),
  });
  await writeAtomically(path, options.section ? [card, '\n', options.section] : [card]);
}
