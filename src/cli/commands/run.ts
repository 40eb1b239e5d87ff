import type { CliCommand, CliIo } from '../cliCommand';
import { UsageError } from '../cliCommand';
import { EXIT, headlessRun } from '../run/headlessRun';
import { OUTPUT_FORMATS, type OutputFormat } from '../run/runOutputs';
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
  --force            replace an --out/--card file this run did not create (no journal beside it)
  --batch <dir>      batch mode: write model requests as OpenAI Batch JSONL files (one per model)
                     into <dir> instead of calling servers; exit code 4 when a round is written
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

interface RunArgs {
  config?: string;
  out?: string;
  format?: OutputFormat;
  card?: string;
  restart: boolean;
  quiet: boolean;
  force?: boolean;
  noPreflight?: boolean;
  batch?: string;
  batchResults: string[];
  healthEveryS?: number;
  outageAfterS?: number;
  giveUpAfterS?: number;
}

function seconds(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min)
    throw new UsageError(`${flag} must be a number of seconds ≥ ${min} (got '${text}')`);
  return value;
}

function parseArgs(args: string[]): Required<Pick<RunArgs, 'config' | 'out' | 'format'>> & RunArgs {
  const parsed: RunArgs = { restart: false, quiet: false, batchResults: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined || next === '') throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--config') parsed.config = value();
    else if (arg === '--out') parsed.out = value();
    else if (arg === '--card') parsed.card = value();
    else if (arg === '--restart') parsed.restart = true;
    else if (arg === '--quiet') parsed.quiet = true;
    else if (arg === '--force') parsed.force = true;
    else if (arg === '--no-preflight') parsed.noPreflight = true;
    else if (arg === '--batch') parsed.batch = value();
    else if (arg === '--batch-results') parsed.batchResults.push(value());
    else if (arg === '--health-every') parsed.healthEveryS = seconds(arg, value(), 0);
    else if (arg === '--outage-after') parsed.outageAfterS = seconds(arg, value(), 1);
    else if (arg === '--give-up-after') parsed.giveUpAfterS = seconds(arg, value(), 1);
    else if (arg === '--format') {
      const format = value();
      if (!OUTPUT_FORMATS.includes(format as OutputFormat))
        throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
      parsed.format = format as OutputFormat;
    } else throw new UsageError(`unknown option '${arg}'`);
  }
  if (!parsed.config) throw new UsageError('--config is required');
  if (!parsed.out) throw new UsageError('--out is required');
  const format = parsed.format ?? (parsed.out.endsWith('.parquet') ? 'parquet' : 'scalequest');
  return { ...parsed, config: parsed.config, out: parsed.out, format };
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
  const options = parseArgs(args);
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
        force: options.force === true,
        preflight: options.noPreflight !== true,
        ...(options.batch !== undefined ? { batchDir: options.batch } : {}),
        ...(options.batchResults.length ? { batchResults: options.batchResults } : {}),
        ...(options.healthEveryS !== undefined
          ? { healthEveryMs: options.healthEveryS * 1000 }
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
