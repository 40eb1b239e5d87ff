import type { Writable } from 'node:stream';
import { runPipeline } from '../../core/pipeline/runPipeline';
import type { RunProgress } from '../../core/pipeline/records';
import { isAbortError } from '../../core/ports/engineError';
import { redactSecret } from '../../engine/remote/secrets';
import { runConfigHash } from './configHash';
import { ConfigError } from './configProblems';
import { JournalCorruptError } from './journalLines';
import { JournalMismatchError, JournalRunStore } from './journalRunStore';
import { loadRunFile, type RunFile } from './runFile';
import { keptPairs, writeCard, writePairs, type OutputFormat } from './runOutputs';
import { ProgressReporter, rejectedSummary } from './runProgress';
import { longestTimeoutMs, runWiring } from './runEngines';
import { undiciTransport } from './undiciTransport';

export interface HeadlessRunOptions {
  config: string;
  out: string;
  format: OutputFormat;
  card?: string;
  restart: boolean;
  quiet: boolean;
  env: Record<string, string | undefined>;
  version: string;
  /** Aborts the run; `reason` names the signal in the message (e.g. 'SIGINT'). */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, failed: 1, badConfig: 2, interrupted: 130 } as const;

export function journalPath(out: string): string {
  return `${out}.journal.jsonl`;
}

/** Every key the run file pulled from the environment, to scrub from anything printed. */
function secretsOf(file: RunFile): string[] {
  return [...file.endpoints, ...(file.rewardModel ? [file.rewardModel] : [])].flatMap((e) =>
    e.apiKey ? [e.apiKey] : [],
  );
}

async function openStore(
  file: RunFile,
  options: HeadlessRunOptions,
  stderr: Writable,
): Promise<JournalRunStore | number> {
  const hash = runConfigHash(file);
  try {
    return await JournalRunStore.open(journalPath(options.out), {
      runId: `run-${hash.slice(0, 12)}`,
      configHash: hash,
      restart: options.restart,
    });
  } catch (error) {
    if (error instanceof JournalMismatchError) {
      stderr.write(`scalequest run: ${error.message}\n`);
      return EXIT.badConfig;
    }
    if (error instanceof JournalCorruptError) {
      stderr.write(`scalequest run: ${error.message}. Fix or remove it, or use --restart.\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

/**
 * `scalequest run`: the studio's pipeline in Node against OpenAI-compatible servers, with a
 * journal that makes the run resumable by rerunning the same command, and the kept pairs
 * written from the journal at the end. Returns the exit code.
 */
export async function headlessRun(options: HeadlessRunOptions, stderr: Writable): Promise<number> {
  let file: RunFile;
  try {
    file = loadRunFile(options.config, options.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`scalequest run: invalid run file ${error.message}\n`);
    return EXIT.badConfig;
  }
  const secrets = secretsOf(file);
  const scrub = (text: string) => secrets.reduce((t, s) => redactSecret(t, s), text);
  const say = (line: string) => void (options.quiet || stderr.write(`${scrub(line)}\n`));
  const store = await openStore(file, options, stderr);
  if (typeof store === 'number') return store;
  const journal = store.path;
  const runId = store.header.runId;
  const { attempts, tornBytes } = store.resumed;
  if (attempts > 0 || tornBytes > 0)
    say(
      `resuming ${runId} from ${journal}: ${attempts} attempts stored, ${store.progress.kept} kept` +
        (tornBytes ? ` (dropped a torn last line of ${tornBytes} bytes)` : ''),
    );
  else say(`starting ${runId}; journal ${journal}`);
  const http = undiciTransport({ totalMs: longestTimeoutMs(file) });
  const wiring = runWiring(file, store.keptQuestions, http.transport);
  say(`selection: ${wiring.scoring}`);
  if (file.run.contamination.enabled && !wiring.contamination)
    say('contamination check skipped: reference.builtIn is false and no reference files are given');
  else if (wiring.contamination)
    say(
      `contamination: ${file.run.contamination.ngram}-gram overlap with ${wiring.contamination.sources.join(', ')}`,
    );
  const reporter = new ProgressReporter({
    write: say,
    targetPairs: file.run.targetPairs,
    maxAttempts: file.run.maxAttempts,
  });
  reporter.start(store.progress);
  let progress: RunProgress;
  try {
    const { pools: _pools, scoring: _scoring, ...ports } = wiring;
    progress = await runPipeline({
      runId,
      config: file.run,
      store,
      onEvent: reporter.onEvent,
      ...ports,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    const stored = `${journal} holds ${store.progress.attempts} attempts (${store.progress.kept} kept)`;
    const resume = 'run the same command again to resume';
    if (options.signal?.aborted || isAbortError(error)) {
      const why = typeof options.signal?.reason === 'string' ? options.signal.reason : 'abort';
      stderr.write(`scalequest run: interrupted (${why}). ${stored}; ${resume}.\n`);
      return EXIT.interrupted;
    }
    stderr.write(`scalequest run: ${scrub((error as Error).message)}\n${stored}; ${resume}.\n`);
    return EXIT.failed;
  } finally {
    await store.close();
    await http.close();
  }
  const pairs = await keptPairs(journal);
  await writePairs(options.out, options.format, pairs);
  if (options.card)
    await writeCard(options.card, {
      file,
      runId,
      journal,
      out: options.out,
      format: options.format,
      pairs: pairs.length,
      version: options.version,
    });
  const done = progress.kept >= file.run.targetPairs;
  say(
    `${done ? 'done' : 'stopped: attempts exhausted'}: ${pairs.length} pairs written to ${options.out}` +
      ` (${progress.attempts} attempts, rejected ${rejectedSummary(progress)})`,
  );
  if (!done)
    stderr.write(
      `scalequest run: kept ${progress.kept} of ${file.run.targetPairs} within maxAttempts ${file.run.maxAttempts}; raise run.maxAttempts and rerun to continue.\n`,
    );
  return done ? EXIT.ok : EXIT.failed;
}
