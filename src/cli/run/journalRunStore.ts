import { open, truncate, type FileHandle } from 'node:fs/promises';
import {
  advanceProgress,
  emptyProgress,
  type QuestionRecord,
  type RunProgress,
  type SolutionRecord,
} from '../../core/pipeline/records';
import type { RunStore } from '../../core/ports/runStore';
import {
  JOURNAL_VERSION,
  JournalCorruptError,
  scanJournal,
  type JournalAttempt,
  type JournalHeader,
} from './journalLines';

/** The journal was written for other settings; resuming would mix two datasets. */
export class JournalMismatchError extends Error {
  override name = 'JournalMismatchError';
}

export interface JournalOpenOptions {
  runId: string;
  configHash: string;
  /** Start over: the existing journal is emptied. */
  restart?: boolean;
  now?: () => Date;
}

/**
 * A RunStore over an append-only JSONL file: one header line, then one line per stored attempt
 * (question + solutions), each fsync'd before `saveQuestion` resolves. Progress is never stored;
 * it is replayed from the lines, so the file alone is the state of the run. A torn last line
 * (a kill mid-write) is cut off on open; an attempt id already present is never written twice.
 */
export class JournalRunStore implements RunStore {
  #progress: RunProgress;
  readonly #ids: Set<string>;
  readonly #keptKeys: Set<string>;
  readonly #kept: { id: string; text: string }[];

  private constructor(
    readonly path: string,
    readonly header: JournalHeader,
    readonly resumed: { attempts: number; tornBytes: number },
    private readonly file: FileHandle,
    state: {
      progress: RunProgress;
      ids: Set<string>;
      keptKeys: Set<string>;
      kept: { id: string; text: string }[];
    },
  ) {
    this.#progress = state.progress;
    this.#ids = state.ids;
    this.#keptKeys = state.keptKeys;
    this.#kept = state.kept;
  }

  static async open(path: string, options: JournalOpenOptions): Promise<JournalRunStore> {
    let header: JournalHeader | undefined;
    let progress = emptyProgress();
    const ids = new Set<string>();
    const keptKeys = new Set<string>();
    const kept: { id: string; text: string }[] = [];
    const scan = options.restart
      ? { validBytes: 0, tornBytes: 0 }
      : await scanJournal(path, (entry, line) => {
          if (line === 1 || !header) {
            if (entry.kind !== 'header')
              throw new JournalCorruptError(`${path}: the first line is not a journal header`);
            header = entry;
            return;
          }
          if (entry.kind !== 'attempt')
            throw new JournalCorruptError(`${path}: line ${line} is not an attempt`);
          const { question, solutions } = entry;
          if (ids.has(question.id)) return;
          ids.add(question.id);
          progress = advanceProgress(progress, question, solutions);
          if (question.status === 'kept') {
            keptKeys.add(question.dedupKey);
            kept.push({ id: question.id, text: question.text });
          }
        });
    if (header && header.configHash !== options.configHash)
      throw new JournalMismatchError(
        `${path} was written with different settings (config hash ${header.configHash.slice(0, 12)}, ` +
          `now ${options.configHash.slice(0, 12)}). Use --restart to discard it and start over, ` +
          'or choose another --out.',
      );
    const fresh = !header;
    // Drops a torn last line (and, on restart or a headerless file, everything).
    await truncate(path, fresh ? 0 : scan.validBytes).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    const file = await open(path, 'a');
    header ??= {
      kind: 'header',
      version: JOURNAL_VERSION,
      runId: options.runId,
      configHash: options.configHash,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
    };
    const store = new JournalRunStore(
      path,
      header,
      { attempts: progress.attempts, tornBytes: scan.tornBytes },
      file,
      { progress, ids, keptKeys, kept },
    );
    if (fresh) await store.#append(header);
    return store;
  }

  get progress(): RunProgress {
    return this.#progress;
  }

  /** Kept questions in attempt order (to seed a near-duplicate index on resume). */
  get keptQuestions(): readonly { id: string; text: string }[] {
    return this.#kept;
  }

  loadProgress(runId: string): Promise<RunProgress> {
    if (runId !== this.header.runId)
      return Promise.reject(
        new Error(`${this.path} belongs to run ${this.header.runId}, not ${runId}`),
      );
    return Promise.resolve(this.#progress);
  }

  hasKeptQuestion(dedupKey: string): Promise<boolean> {
    return Promise.resolve(this.#keptKeys.has(dedupKey));
  }

  async saveQuestion(question: QuestionRecord, solutions: SolutionRecord[]): Promise<RunProgress> {
    if (this.#ids.has(question.id)) return this.#progress;
    const entry: JournalAttempt = { kind: 'attempt', question, solutions };
    await this.#append(entry);
    this.#ids.add(question.id);
    this.#progress = advanceProgress(this.#progress, question, solutions);
    if (question.status === 'kept') {
      this.#keptKeys.add(question.dedupKey);
      this.#kept.push({ id: question.id, text: question.text });
    }
    return this.#progress;
  }

  close(): Promise<void> {
    return this.file.close();
  }

  /** One write of the whole line, then fsync, so a kill leaves at most one torn line. */
  async #append(entry: JournalHeader | JournalAttempt): Promise<void> {
    await this.file.write(`${JSON.stringify(entry)}\n`);
    await this.file.sync();
  }
}
