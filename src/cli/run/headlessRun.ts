import type { Writable } from 'node:stream';
import { runPipeline } from '../../core/pipeline/runPipeline';
import type { RunProgress } from '../../core/pipeline/records';
import { isAbortError } from '../../core/ports/engineError';
import { redactSecret } from '../../engine/remote/secrets';
import { plural } from '../../core/text/numbers';
import { runConfigHash } from './configHash';
import { ConfigError } from './configProblems';
import { JournalCorruptError } from './journalLines';
import { JournalMismatchError, JournalRunStore } from './journalRunStore';
import { AUTO_PER_ENDPOINT, loadRunFile, type RunFile } from './runFile';
import {
  flagsContamination,
  keptPairs,
  writeCard,
  writePairs,
  type OutputFormat,
} from './runOutputs';
import { DEFAULT_PROGRESS_EVERY_MS, ProgressReporter, rejectedSummary, stamp } from './runProgress';
import type { EndpointPool } from '../../engine/remote/endpointPool';
import { FleetWatch } from './fleetWatch';
import { BatchTransport } from './batchTransport';
import { collectAnswers, writeBatchFiles } from './batchFiles';
import { DegradationCounter } from './degradation';
import { scanJournal } from './journalLines';
import type { RunStore } from '../../core/ports/runStore';
import { checkOutputs, lockJournal, OutputError } from './outputSafety';
import { runPreflight } from './runPreflight';
import { longestTimeoutMs, runWiring, type PoolPolicy } from './runEngines';
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
  /** Every server of a group failing this long pauses the run (default 60 s). */
  outageAfterMs?: number;
  /** An outage this long stops the run with EXIT.outage (default: wait until a server is back). */
  giveUpAfterMs?: number;
  /** Health lines every this many ms (default 5 s; 0: none). */
  healthEveryMs?: number;
  /** Progress lines every this many ms while attempts are stored (default 5 s; 0: none). */
  progressEveryMs?: number;
  /** Also a line per stored attempt. */
  verbose?: boolean;
  /** Pool behaviour beyond the run file (tests shorten liveness and park delays). */
  pools?: PoolPolicy;
  /** Replace an --out/--card file this run did not create. */
  force?: boolean;
  /** Check every endpoint before any work (default true; never in batch mode). */
  preflight?: boolean;
  /**
   * Batch mode: model requests become OpenAI Batch JSONL files in this folder instead of HTTP
   * calls; the run goes as far as the answers collected so far allow, then writes the next files.
   */
  batchDir?: string;
  /** Output files of earlier batches (vllm run-batch, a Ray Data job, a hosted Batch API). */
  batchResults?: string[];
}

/**
 * done: the target was reached; exhausted: every allowed attempt was made (raise maxAttempts
 * and rerun); outage: the servers stayed down past --give-up-after (rerun when they are back);
 * interrupted: stopped by the user. The last three are resumable.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  badConfig: 2,
  exhausted: 3,
  batchPending: 4,
  outage: 75,
  interrupted: 130,
} as const;

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
  // Every progress line is time-stamped: an overnight run's log must say when things happened.
  const say = (line: string) =>
    void (options.quiet || stderr.write(`${stamp(Date.now())} ${scrub(line)}\n`));
  const outputs = [
    { flag: '--out', path: options.out },
    ...(options.card ? [{ flag: '--card', path: options.card }] : []),
  ];
  let lock: { release: () => Promise<void> };
  try {
    checkOutputs(
      outputs,
      journalPath(options.out),
      options.force ?? false,
      options.batchDir !== undefined ? { flag: '--batch', path: options.batchDir } : undefined,
    );
    lock = await lockJournal(journalPath(options.out));
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    stderr.write(`scalequest run: ${error.message.replaceAll('\n', '\nscalequest run: ')}\n`);
    return EXIT.badConfig;
  }
  try {
    const preflight = options.preflight !== false && options.batchDir === undefined;
    if (preflight && !(await runPreflight(file, say, stderr, scrub))) return EXIT.badConfig;
    return await runLocked(file, options, stderr, { say, scrub });
  } finally {
    await lock.release();
  }
}

async function runLocked(
  file: RunFile,
  options: HeadlessRunOptions,
  stderr: Writable,
  { say, scrub }: { say: (line: string) => void; scrub: (text: string) => string },
): Promise<number> {
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
  const stop = new AbortController();
  const batch = options.batchDir !== undefined ? openBatch(options, stop, say) : undefined;
  const policy: PoolPolicy = batch
    ? // Every request of every attempt in flight waits at once; none is cut or retried.
      {
        exhausted: 'fail',
        limit: { initial: 1_000_000, max: 1_000_000 },
        liveness: { initialIdleMs: 86_400_000, floorMs: 86_400_000 },
        stream: false,
      }
    : {
        exhausted: 'park',
        outageAfterMs: options.outageAfterMs ?? 60_000,
        metricsEveryMs: 2_000,
        ...options.pools,
      };
  // Degradation is counted from what is stored: the earlier sessions' attempts first.
  const degraded = new DegradationCounter();
  await scanJournal(
    journal,
    (e) => void (e.kind === 'attempt' && degraded.add(e.question, e.solutions)),
  );
  const counted: RunStore = {
    loadProgress: (id) => store.loadProgress(id),
    hasKeptQuestion: (key) => store.hasKeptQuestion(key),
    saveQuestion: async (question, solutions) => {
      const progress = await store.saveQuestion(question, solutions);
      degraded.add(question, solutions);
      return progress;
    },
  };
  const progressEveryMs = options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS;
  const healthEveryMs = batch ? 0 : (options.healthEveryMs ?? 5_000);
  let pools: EndpointPool[] = [];
  const reporter = new ProgressReporter({
    write: say,
    targetPairs: file.run.targetPairs,
    maxAttempts: file.run.maxAttempts,
    degradation: () =>
      [degraded.summary(), ignoringN(pools)].filter((part) => part !== '').join(', '),
    perAttempt: options.verbose === true,
    everyMs: progressEveryMs,
  });
  const wiring = await runWiring(
    file,
    store.keptQuestions,
    { runId, store: counted, onEvent: reporter.onEvent, signal: stop.signal },
    batch?.transport ?? http.transport,
    policy,
  );
  pools = wiring.pools;
  say(`selection: ${wiring.scoring}`);
  say(concurrencyLine(file));
  if (file.run.contamination.enabled && !wiring.contamination)
    say('contamination check skipped: reference.builtIn is false and no reference files are given');
  else if (wiring.contamination)
    say(
      `contamination: ${file.run.contamination.ngram}-gram overlap with ${wiring.contamination.sources.join(', ')}`,
    );
  reporter.start();
  const forward = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  let outage: string | undefined;
  const watch = new FleetWatch({
    groups: wiring.groups,
    write: say,
    healthEveryMs,
    concurrency: file.run.concurrency,
    ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}),
    onGiveUp: (why) => {
      outage = why;
      stop.abort('outage');
    },
  });
  // One clock for both: a progress line, then the health lines, when each is due.
  const due = [progressEveryMs, healthEveryMs].filter((ms) => ms > 0);
  const ticker = setInterval(
    () => {
      reporter.tick();
      watch.tick();
    },
    Math.max(50, Math.min(1_000, ...due)),
  );
  ticker.unref();
  let progress: RunProgress | undefined;
  let failure: string | undefined;
  try {
    progress = await runPipeline(wiring.options);
  } catch (error) {
    if (!stop.signal.aborted && !isAbortError(error)) failure = scrub((error as Error).message);
  } finally {
    batch?.stop();
    clearInterval(ticker);
    watch.tick(); // a recovery seen only by the last answers is still reported
    options.signal?.removeEventListener('abort', forward);
    await store.close();
    await http.close();
  }
  // Whatever ended the run, the pairs (and card) of everything stored so far are written.
  const pairs = await keptPairs(journal);
  await writePairs(options.out, options.format, pairs, {
    contaminationColumns: flagsContamination(file.run, wiring.contamination !== undefined),
  });
  if (options.card)
    await writeCard(options.card, {
      file,
      runId,
      journal,
      out: options.out,
      format: options.format,
      pairs: pairs.length,
      flagged: pairs.filter((p) => p.contamination?.contaminated).length,
      version: options.version,
      section: degraded.cardSection({
        contaminationEnabled: file.run.contamination.enabled,
        contaminationSources:
          file.run.contamination.enabled && wiring.contamination
            ? [...wiring.contamination.sources]
            : [],
        ngram: file.run.contamination.ngram,
        action: file.run.contamination.action,
        serversIgnoringN: serversIgnoringN(pools),
        scoring: wiring.scoring,
      }),
    });
  const final = progress ?? store.progress;
  const stored = `${journal} holds ${plural(final.attempts, 'attempt')} (${final.kept} kept); ${plural(pairs.length, 'pair')} written to ${options.out}`;
  const resume = 'run the same command again to resume';
  if (failure !== undefined) {
    stderr.write(`scalequest run: ${failure}\n${stored}; ${resume}.\n`);
    return EXIT.failed;
  }
  if (batch && !progress && stop.signal.reason === 'batch') {
    const round = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const files = writeBatchFiles(options.batchDir!, batch.pending.values(), round);
    for (const f of files)
      say(`batch: ${f.requests} ${f.url} requests for ${f.model} written to ${f.path}`);
    stderr.write(
      `scalequest run: batch round written (${batch.pending.size} requests; ${batch.answered} answered from earlier batches). ` +
        `Run each file on a batch engine (vllm run-batch -i <file> -o <file>.out.jsonl --model <model> serves the -chat files; ` +
        `the README shows a Ray Data job for the others), then rerun with ` +
        `--batch ${options.batchDir} --batch-results <outputs>. ${stored}.\n`,
    );
    return EXIT.batchPending;
  }
  if (outage !== undefined) {
    stderr.write(
      `scalequest run: paused by outage: ${scrub(outage)}. ${stored}; ${resume} when a server is back.\n`,
    );
    return EXIT.outage;
  }
  if (!progress) {
    const why = typeof options.signal?.reason === 'string' ? options.signal.reason : 'abort';
    stderr.write(`scalequest run: interrupted (${why}). ${stored}; ${resume}.\n`);
    return EXIT.interrupted;
  }
  const done = progress.kept >= file.run.targetPairs;
  const degradation = [degraded.summary(), ignoringN(pools)].filter((p) => p !== '').join(', ');
  say(
    `${done ? 'done' : 'stopped: attempts exhausted'}: ${plural(pairs.length, 'pair')} written to ${options.out}` +
      ` (${plural(progress.attempts, 'attempt')}, rejected ${rejectedSummary(progress)}` +
      `${degradation ? `; ${degradation}` : ''})`,
  );
  if (!done)
    stderr.write(
      `scalequest run: kept ${progress.kept} of ${file.run.targetPairs} within maxAttempts ${file.run.maxAttempts}; raise run.maxAttempts and rerun to continue.\n`,
    );
  return done ? EXIT.ok : EXIT.exhausted;
}

/** Servers that answered a request for n choices with fewer (each choice became a request). */
function serversIgnoringN(pools: readonly EndpointPool[]): string[] {
  return pools.flatMap((p) =>
    p.snapshot().endpoints.flatMap((e) => (e.honoursN === false ? [e.label] : [])),
  );
}

/** `n ignored by http://a/v1, http://b/v1`, or ''. */
function ignoringN(pools: readonly EndpointPool[]): string {
  const labels = serversIgnoringN(pools);
  return labels.length ? `n ignored by ${labels.join(', ')}` : '';
}

/** Batch mode: the answers collected so far, and a transport that writes the rest to files. */
function openBatch(
  options: HeadlessRunOptions,
  stop: AbortController,
  say: (line: string) => void,
): BatchTransport {
  const { answers, added, failed, firstError } = collectAnswers(
    `${options.out}.batch-answers.jsonl`,
    options.batchResults ?? [],
  );
  say(`batch mode: ${answers.size} answers collected (${added} new)`);
  if (failed > 0)
    say(
      `batch: ${failed} requests came back as errors, not answers (first: ${firstError?.slice(0, 300)}); ` +
        'they are written again with the next round',
    );
  // One second without any request made or answered: every attempt in flight waits on the batch.
  return new BatchTransport(answers, 1_000, () => stop.abort('batch'));
}

function concurrencyLine(file: RunFile): string {
  const { concurrency, lookAhead } = file.run;
  const auto = file.autoConcurrency;
  const why = auto
    ? ` (sized for ${plural(auto.endpoints, 'endpoint')}: ${AUTO_PER_ENDPOINT} each or its maxConcurrency, at ` +
      `most targetPairs, as run.concurrency is not set; each server's adaptive limit decides ` +
      `what it is sent)`
    : ' (run.concurrency)';
  return `concurrency: up to ${concurrency} requests in flight per server group, ${concurrency + lookAhead} attempts at once${why}`;
}
