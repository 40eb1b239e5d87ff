import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { datasetCard } from './datasetCard';
import type { DatasetCardInput } from './datasetCardInput';
import { redactSecrets } from './redactSecrets';

type Chunk = string | Uint8Array;

export interface BundleEntry {
  /** Path inside the archive, e.g. `data/train.parquet`. */
  path: string;
  content: Chunk | Iterable<Chunk> | AsyncIterable<Chunk>;
  /** Deflate the entry; turn off for already-compressed data such as Parquet. */
  compress?: boolean;
}

export interface ZipOptions {
  /** Modification time stored for every entry (fixed for reproducible archives). */
  mtime?: Date;
}

function chunksOf(content: BundleEntry['content']): Iterable<Chunk> | AsyncIterable<Chunk> {
  return typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
}

/**
 * Streams a zip archive: each entry's chunks are compressed and handed on as they arrive, so the
 * archive is never whole in memory. Entries are written one after another.
 */
export async function* writeZip(
  entries: Iterable<BundleEntry>,
  options: ZipOptions = {},
): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  const state: { failure?: Error } = {};
  const zip = new Zip((err, data) => {
    if (err) state.failure = err;
    else ready.push(data);
  });
  const encoder = new TextEncoder();
  const mtime = options.mtime ?? new Date();
  for (const entry of entries) {
    const file =
      entry.compress === false
        ? new ZipPassThrough(entry.path)
        : new ZipDeflate(entry.path, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    for await (const chunk of chunksOf(entry.content)) {
      file.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      if (state.failure) throw state.failure;
      yield* ready.splice(0);
    }
    file.push(new Uint8Array(0), true);
    yield* ready.splice(0);
  }
  zip.end();
  if (state.failure) throw state.failure;
  yield* ready.splice(0);
}

export interface DatasetBundleInput {
  /** Data files, e.g. `data/train.parquet` from `writeParquet` and JSONL from `writeJsonl`. */
  data: BundleEntry[];
  /**
   * The dataset card: its input, or its text when it can only be written once the data has been
   * (then it counts what the data files hold); it is stored after them.
   */
  card: DatasetCardInput | AsyncIterable<string>;
  /** Run config snapshots written to `run-config.json`; credentials are removed. */
  runConfigs: unknown;
}

/** Data + `README.md` dataset card + `run-config.json`, as one streamed zip. */
export function writeDatasetBundle(
  input: DatasetBundleInput,
  options: ZipOptions = {},
): AsyncGenerator<Uint8Array> {
  const card = input.card;
  return writeZip(
    [
      ...input.data,
      { path: 'README.md', content: Symbol.asyncIterator in card ? card : datasetCard(card) },
      {
        path: 'run-config.json',
        content: `${JSON.stringify(redactSecrets(input.runConfigs), null, 2)}\n`,
      },
    ],
    options,
  );
}
