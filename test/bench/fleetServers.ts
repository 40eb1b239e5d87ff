/**
 * A fleet of vLLM-like simulated servers in a process of its own, so the bench measures the
 * client's CPU apart from the servers'. Started by remote.bench.ts with a JSON config as its
 * argument; sends `{ urls }` once listening, answers `stats` with the schedulers' counters and
 * exits on `close`.
 */
import { startTestServer, type TestServer } from '../support/openAiTestServer';
import type { BatcherOptions } from '../support/continuousBatcher';

export interface FleetConfig {
  replicas: number;
  batching: Partial<BatcherOptions>;
  /** Words per generated solution (questions and verdicts stay short, as in a real run). */
  solutionWords: number;
}

export interface FleetStats {
  generatedTokens: number;
  running: number;
  waiting: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as FleetConfig;
const filler = Array.from({ length: config.solutionWords }, (_, i) => `s${i % 97}`).join(' ');

/** Questions per seed (distinct, so dedup keeps them); solutions long, with a boxed answer. */
function reply(body: Record<string, unknown>, index: number): string {
  if (body.prompt !== undefined) {
    const seed = Number(body.seed);
    return `Question ${seed}: a crate holds ${seed + 2} apples and ${3 * seed + 5} pears. How many fruits are in it?<|im_end|>`;
  }
  const user = (body.messages as { content: string }[]).at(-1)!.content;
  const [, a, b] = /holds (\d+) apples and (\d+) pears/.exec(user) ?? [];
  return `${filler} So ${a} + ${b} = \\boxed{${Number(a) + Number(b)}} (choice ${index}).`;
}

const servers: TestServer[] = await Promise.all(
  Array.from({ length: config.replicas }, () =>
    startTestServer({ batching: config.batching, record: false, reply }),
  ),
);

process.on('message', (message: string) => {
  if (message === 'stats') {
    const stats: FleetStats = { generatedTokens: 0, running: 0, waiting: 0 };
    for (const s of servers) {
      const b = s.batcher!.stats();
      stats.generatedTokens += b.generatedTokens;
      stats.running += b.running;
      stats.waiting += b.waiting;
    }
    process.send!({ stats });
  } else if (message === 'close') {
    void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  }
});
process.send!({ urls: servers.map((s) => s.url) });
