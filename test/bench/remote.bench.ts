/**
 * Remote throughput: the endpoint pool against simulated GPU servers (C slots, fixed time per
 * token; extra requests queue at the server), side by side with a sequential client.
 * Args: [slots=16] [perTokenMs=4] [tokens=25] [requests=1200] [sequentialRequests=40]
 */
import { EndpointPool } from '../../src/engine/remote/endpointPool';
import { OpenAiCompatibleEngine } from '../../src/engine/openai/openAiCompatibleEngine';
import type { LlmEngine } from '../../src/core/ports/llmEngine';
import { startTestServer, type TestServer } from '../support/openAiTestServer';

const model = 'scripted-math';

interface Setup {
  slots: number;
  perTokenMs: number;
  tokens: number;
}

function serve(setup: Setup): Promise<TestServer> {
  const text = Array.from({ length: setup.tokens }, (_, i) => `w${i}`).join(' ');
  return startTestServer({
    model,
    batching: { maxNumSeqs: setup.slots, stepBaseMs: setup.perTokenMs, perSeqMs: 0 },
    reply: () => text,
  });
}

/** Generated tokens per second for `requests` completions issued at once (the pipeline's way). */
async function concurrent(engine: LlmEngine, setup: Setup, requests: number): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      engine.complete({ prompt: `p${i}`, maxTokens: setup.tokens, temperature: 1, topP: 1 }),
    ),
  );
  const tokens = results.reduce((sum, r) => sum + r.usage.completionTokens, 0);
  return tokens / ((performance.now() - started) / 1000);
}

async function sequential(engine: LlmEngine, setup: Setup, requests: number): Promise<number> {
  const started = performance.now();
  let tokens = 0;
  for (let i = 0; i < requests; i++) {
    const r = await engine.complete({
      prompt: `p${i}`,
      maxTokens: setup.tokens,
      temperature: 1,
      topP: 1,
    });
    tokens += r.usage.completionTokens;
  }
  return tokens / ((performance.now() - started) / 1000);
}

async function poolRun(setup: Setup, endpoints: number, requests: number) {
  const servers = await Promise.all(Array.from({ length: endpoints }, () => serve(setup)));
  const pool = new EndpointPool({ endpoints: servers.map((s) => ({ baseUrl: s.url, model })) });
  await concurrent(pool, setup, 20); // warm-up: connections, JIT
  const throughput = await concurrent(pool, setup, requests);
  const limits = pool.snapshot().endpoints.map((e) => e.limit);
  await Promise.all(servers.map((s) => s.close()));
  return { throughput, limits };
}

export default async function (args: string[]): Promise<void> {
  const setup: Setup = {
    slots: Number(args[0] ?? 16),
    perTokenMs: Number(args[1] ?? 4),
    tokens: Number(args[2] ?? 25),
  };
  const requests = Number(args[3] ?? 1200);
  const sequentialRequests = Number(args[4] ?? 40);
  const capacity = (setup.slots * 1000) / setup.perTokenMs;

  const seqServer = await serve(setup);
  const single = new OpenAiCompatibleEngine({ baseUrl: seqServer.url, model });
  await sequential(single, setup, 3);
  const seq = await sequential(single, setup, sequentialRequests);
  await seqServer.close();

  const one = await poolRun(setup, 1, requests);
  const two = await poolRun(setup, 2, requests * 2);

  console.log(`remote.slots=${setup.slots}`);
  console.log(`remote.per_token_ms=${setup.perTokenMs}`);
  console.log(`remote.tokens_per_request=${setup.tokens}`);
  console.log(`remote.requests=${requests}`);
  console.log(`remote.capacity_tokens_per_s=${capacity.toFixed(1)}`);
  console.log(`remote.sequential_tokens_per_s=${seq.toFixed(1)}`);
  console.log(`remote.pool_tokens_per_s=${one.throughput.toFixed(1)}`);
  console.log(`remote.final_limit=${one.limits.join(',')}`);
  console.log(`remote.saturation=${(one.throughput / capacity).toFixed(3)}`);
  console.log(`remote.vs_sequential=${(one.throughput / seq).toFixed(2)}`);
  console.log(`remote.two_endpoints_tokens_per_s=${two.throughput.toFixed(1)}`);
  console.log(`remote.two_endpoints_final_limits=${two.limits.join(',')}`);
  console.log(`remote.two_endpoints_saturation=${(two.throughput / (2 * capacity)).toFixed(3)}`);
}
