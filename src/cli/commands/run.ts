import type { CliCommand, CliIo } from '../cliCommand';
import { UsageError } from '../cliCommand';
import { EXIT, headlessRun } from '../run/headlessRun';
import { OUTPUT_FORMATS } from '../run/runOutputs';
import { choiceFlag, nonEmpty, readFlags } from '../flags';
import pkg from '../../../package.json' with { type: 'json' };

const usage = `Usage: scalequest run --config <run.json> --out <file> [options]

Runs the ScaleQuest pipeline against OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama)
and writes the kept question–answer pairs to --out. Every stored attempt is appended to
<out>.journal.jsonl; after Ctrl-C, a crash or a kill, run the same command again to resume.

Options:
  --config <file>    run file (JSON): run settings over a preset, endpoints, roles, reference
                     files, rewardModel — see the README
  --out <file>       where the pairs go (written from the journal when the run ends)
  --format <f>       ${OUTPUT_FORMATS.join(' | ')} (default: parquet for *.parquet, else scalequest)
  --card <file>      also write a dataset card (README.md) for the output
  --restart          discard an existing journal (needed when the settings changed)
  --quiet            no progress lines on stderr
  --verbose          also a line per stored attempt (at fleet rates: thousands a second)
  --progress-every <s>
                     a progress line (kept, attempts, tokens/s, ETA) every <s> seconds while
                     attempts are stored (default 5; 0: none)
  --force            replace an --out/--card file this run did not create (no journal beside it)
  --batch <dir>      batch mode: write model requests as OpenAI Batch JSONL files (one per model
                     and endpoint: -completions, -chat, -pooling) into <dir> instead of calling
                     servers; exit code 4 when a round is written
  --batch-results <file>
                     output of a batch (vllm run-batch, Ray Data, a hosted Batch API); repeat the
                     flag for several files; answers are kept beside --out, so each round resumes
  --no-preflight     start without first checking every endpoint (reachable, OpenAI-compatible,
                     model served, streaming, n)
  --health-every <s> a health line per server group every <s> seconds (default 5; 0: none)
  --outage-after <s> every server of a group failing this long pauses the run: requests are
                     parked, the servers probed, and the run continues by itself (default 60)
  --give-up-after <s>
                     stop a run paused by an outage after <s> seconds (default: wait until a
                     server is back)

A request that keeps failing never ends the run: after its retries it is parked and tried again
later, other servers first. The pairs file (and card) are written however the run ends.

Exit codes: 0 target reached, 1 failed, 2 bad config or arguments, 3 attempts exhausted before
the target, 4 a batch round was written (run it, then rerun with --batch-results), 75 paused by
an outage (--give-up-after), 130 interrupted. 3, 4, 75 and 130 resume with the same command.
`;

/** A flag's value in seconds, at least `min`; undefined when absent. */
function seconds(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min)
    throw new UsageError(`--${name} must be a number of seconds ≥ ${min} (got '${text}')`);
  return value;
}

function parseRunArgs(args: string[]) {
  const flags = readFlags(args, {
    config: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    card: { type: 'string' },
    restart: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    'progress-every': { type: 'string' },
    force: { type: 'boolean', default: false },
    'no-preflight': { type: 'boolean', default: false },
    batch: { type: 'string' },
    'batch-results': { type: 'string', multiple: true, default: [] },
    'health-every': { type: 'string' },
    'outage-after': { type: 'string' },
    'give-up-after': { type: 'string' },
  });
  const config = nonEmpty('config', flags.config);
  const out = nonEmpty('out', flags.out);
  if (!config) throw new UsageError('--config is required');
  if (!out) throw new UsageError('--out is required');
  const format =
    choiceFlag('format', nonEmpty('format', flags.format), OUTPUT_FORMATS) ??
    (out.endsWith('.parquet') ? 'parquet' : 'scalequest');
  return {
    config,
    out,
    format,
    card: nonEmpty('card', flags.card),
    restart: flags.restart,
    quiet: flags.quiet,
    verbose: flags.verbose,
    force: flags.force,
    noPreflight: flags['no-preflight'],
    batch: nonEmpty('batch', flags.batch),
    batchResults: flags['batch-results'].map((file) => nonEmpty('batch-results', file)!),
    healthEveryS: seconds('health-every', flags['health-every'], 0),
    progressEveryS: seconds('progress-every', flags['progress-every'], 0),
    outageAfterS: seconds('outage-after', flags['outage-after'], 1),
    giveUpAfterS: seconds('give-up-after', flags['give-up-after'], 1),
  };
}

/**
 * First SIGINT/SIGTERM aborts the run (in-flight requests are cancelled, the journal keeps every
 * stored attempt); a second one exits at once, which the journal also survives.
 */
function abortOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(name);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseRunArgs(args);
  const signals = abortOnSignals();
  try {
    return await headlessRun(
      {
        config: options.config,
        out: options.out,
        format: options.format,
        ...(options.card ? { card: options.card } : {}),
        restart: options.restart,
        quiet: options.quiet,
        verbose: options.verbose === true,
        force: options.force === true,
        preflight: options.noPreflight !== true,
        ...(options.batch !== undefined ? { batchDir: options.batch } : {}),
        ...(options.batchResults.length ? { batchResults: options.batchResults } : {}),
        ...(options.healthEveryS !== undefined
          ? { healthEveryMs: options.healthEveryS * 1000 }
          : {}),
        ...(options.progressEveryS !== undefined
          ? { progressEveryMs: options.progressEveryS * 1000 }
          : {}),
        ...(options.outageAfterS !== undefined
          ? { outageAfterMs: options.outageAfterS * 1000 }
          : {}),
        ...(options.giveUpAfterS !== undefined
          ? { giveUpAfterMs: options.giveUpAfterS * 1000 }
          : {}),
        env: process.env,
        version: pkg.version,
        signal: signals.signal,
      },
      io.stderr,
    );
  } finally {
    signals.dispose();
  }
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'generate a dataset against OpenAI-compatible servers (resumable journal)',
  usage,
  run,
};
