/**
 * Remote offload against vLLM-like simulated servers (continuous batching: a step costs
 * base + per-sequence time, at most max-num-seqs running, the rest waiting), run in a process of
 * their own so the client's CPU is measured apart:
 * - remote.peak_tokens_per_s: one server saturated by plain requests (its measured peak);
 * - remote.fleet_utilisation_1 / _8: `scalequest run` in this process (the paper preset:
 *   generation, judge, n=5 solves, 5 scores per question; journal, progress, contamination check
 *   as a user runs it), generated tokens/s over the steady part
 *   ÷ the fleet's peak: the largest of replicas × the theoretical or measured one-server peak and
 *   the same fleet measured saturated (remote.peak_tokens_per_s_8), so a starved simulator never
 *   flatters the ratio;
 * - remote.client_cpu_ms_per_request / remote.dispatch_per_s: 32 fast replicas, requests
 *   through one pool as fast as it can dispatch them.
 * Args: [seconds=20] [solutionWords=200]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { headlessRun } from '../../src/cli/run/headlessRun';
import { EndpointPool } from '../../src/engine/remote/endpointPool';
import { undiciTransport } from '../../src/cli/run/undiciTransport';
import type { FleetConfig, FleetStats } from './fleetServers';

const model = 'scripted-math';
const vllmLike = { maxNumSeqs: 256, stepBaseMs: 8, perSeqMs: 0.08, streamInterval: 8 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Fleet {
  urls: string[];
  stats(): Promise<FleetStats>;
  close(): Promise<void>;
}

async function startFleet(config: FleetConfig): Promise<Fleet> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./fleetServers.ts', import.meta.url)),
    [JSON.stringify(config)],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const [first] = (await once(child, 'message')) as [{ urls: string[] }];
  return {
    urls: first.urls,
    stats: async () => {
      child.send('stats');
      const [reply] = (await once(child, 'message')) as [{ stats: FleetStats }];
      return reply.stats;
    },
    close: async () => {
      child.send('close');
      await once(child, 'exit');
    },
  };
}

function pool(
  urls: string[],
  transport: ReturnType<typeof undiciTransport>['transport'],
  fixedLimit?: number,
) {
  const limit = fixedLimit !== undefined ? { initialLimit: fixedLimit, maxLimit: fixedLimit } : {};
  // The CLI's live policy: parked retries and the servers' queues read from /metrics.
  return new EndpointPool({
    endpoints: urls.map((baseUrl) => ({ baseUrl, model, transport, ...limit })),
    exhausted: 'park',
    metricsEveryMs: 2_000,
  });
}

/** Generated tokens/s of a fleet over [warm, warm + span] while `load` keeps running. */
async function measure(fleet: Fleet, warmMs: number, spanMs: number) {
  await sleep(warmMs);
  const before = await fleet.stats();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await sleep(spanMs);
  const after = await fleet.stats();
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    tokensPerS: (after.generatedTokens - before.generatedTokens) / seconds,
    cpuMs: (used.user + used.system) / 1000,
    running: after.running,
    waiting: after.waiting,
  };
}

/** `replicas` servers saturated: 2 × max-num-seqs long requests always in flight on each. */
async function peak(replicas: number, seconds: number, solutionWords: number): Promise<number> {
  const fleet = await startFleet({ replicas, batching: vllmLike, solutionWords });
  const http = undiciTransport({ totalMs: 600_000 });
  // A fixed limit above max-num-seqs: the server's queue is never empty, its batch always full.
  const engine = pool(fleet.urls, http.transport, vllmLike.maxNumSeqs * 2);
  const stop = new AbortController();
  const loop = async () => {
    while (!stop.signal.aborted) {
      await engine
        .chat(
          {
            messages: [{ role: 'user', content: 'holds 1 apples and 2 pears' }],
            maxTokens: 4096,
            temperature: 0.7,
            topP: 0.95,
          },
          stop.signal,
        )
        .catch(() => undefined);
    }
  };
  const loops = Array.from({ length: replicas * vllmLike.maxNumSeqs * 2 }, loop);
  const result = await measure(fleet, 3_000, seconds * 1000);
  stop.abort();
  await Promise.all(loops);
  await fleet.close();
  await http.close();
  return result.tokensPerS;
}

/**
 * `scalequest run` itself (preflight, journal, progress and health lines, contamination check)
 * with the paper preset against `replicas` servers for `seconds` after a warm-up.
 */
async function runOnFleet(replicas: number, seconds: number, solutionWords: number) {
  const fleet = await startFleet({ replicas, batching: vllmLike, solutionWords });
  const dir = mkdtempSync(join(tmpdir(), 'scalequest-bench-'));
  const config = join(dir, 'run.json');
  const endpoints = fleet.urls.map((baseUrl, i) => ({ name: `r${i}`, baseUrl, model }));
  const run = {
    preset: 'scalequest-paper',
    targetPairs: 1_000_000,
    seed: 1,
    // No concurrency: what a user gets who does not set one (sized from the endpoints).
    languageMode: 'ascii',
  };
  writeFileSync(config, JSON.stringify({ run, endpoints }));
  const stop = new AbortController();
  const lines: string[] = [];
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.includes(' health [')),
      );
      lines.splice(0, Math.max(0, lines.length - replicas * 4));
      done();
    },
  });
  const finished = headlessRun(
    {
      config,
      out: join(dir, 'pairs.jsonl'),
      format: 'scalequest',
      restart: false,
      quiet: false,
      env: {},
      version: 'bench',
      signal: stop.signal,
    },
    stderr,
  );
  const result = await measure(fleet, 8_000, seconds * 1000);
  stop.abort('bench');
  const code = await finished;
  await fleet.close();
  rmSync(dir, { recursive: true, force: true });
  return { ...result, code, health: lines.at(-1) ?? '' };
}

/** 32 fast replicas (near-instant one-token answers): how fast one pool dispatches. */
async function dispatch(seconds: number) {
  const fleet = await startFleet({
    replicas: 32,
    batching: { maxNumSeqs: 256, stepBaseMs: 0.5, perSeqMs: 0, streamInterval: 1 },
    solutionWords: 0,
  });
  const http = undiciTransport({ totalMs: 600_000 });
  const engine = pool(fleet.urls, http.transport);
  const stop = new AbortController();
  let done = 0;
  let counting = false;
  const loop = async () => {
    while (!stop.signal.aborted) {
      await engine
        .complete({ prompt: 'p', maxTokens: 1, temperature: 0, topP: 1, seed: 1 }, stop.signal)
        .then(() => counting && done++)
        .catch(() => undefined);
    }
  };
  const loops = Array.from({ length: 512 }, loop);
  await sleep(3_000);
  counting = true;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsedS = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  const requests = done;
  stop.abort();
  await Promise.all(loops);
  await fleet.close();
  await http.close();
  return {
    perS: requests / elapsedS,
    cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(1, requests),
  };
}

export default async function (args: string[]): Promise<void> {
  const seconds = Number(args[0] ?? 20);
  const solutionWords = Number(args[1] ?? 200);
  const measured = await peak(1, Math.min(seconds, 10), solutionWords);
  const theory =
    (vllmLike.maxNumSeqs * 1000) / (vllmLike.stepBaseMs + vllmLike.perSeqMs * vllmLike.maxNumSeqs);
  const peakPerServer = Math.max(measured, theory);
  console.log(`remote.peak_tokens_per_s=${measured.toFixed(0)}`);
  console.log(`remote.peak_theory_tokens_per_s=${theory.toFixed(0)}`);
  for (const replicas of [1, 8]) {
    // The same fleet saturated, side by side: what these servers deliver on this machine now.
    const fleetPeak =
      replicas === 1 ? measured : await peak(replicas, Math.min(seconds, 10), solutionWords);
    if (replicas > 1) console.log(`remote.peak_tokens_per_s_${replicas}=${fleetPeak.toFixed(0)}`);
    const r = await runOnFleet(replicas, seconds, solutionWords);
    const best = Math.max(replicas * peakPerServer, fleetPeak);
    console.log(`remote.fleet_utilisation_${replicas}=${(r.tokensPerS / best).toFixed(3)}`);
    console.log(`remote.fleet_tokens_per_s_${replicas}=${r.tokensPerS.toFixed(0)}`);
    console.log(`remote.fleet_running_at_end_${replicas}=${r.running}`);
    console.log(`remote.fleet_exit_code_${replicas}=${r.code}`);
    console.log(`# ${r.health}`);
  }
  const d = await dispatch(Math.min(seconds, 10));
  console.log(`remote.dispatch_per_s=${d.perS.toFixed(0)}`);
  console.log(`remote.client_cpu_ms_per_request=${d.cpuMsPerRequest.toFixed(3)}`);
}
