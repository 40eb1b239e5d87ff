import { describe, expect, it, vi } from 'vitest';
import { EndpointPool } from '../../../src/engine/remote/endpointPool';
import { ObservedLiveness } from '../../../src/engine/remote/liveness';
import { waitingRequests } from '../../../src/engine/remote/serverMetrics';
import { caught, eventually, fastRetry, sampling, serve } from './poolHarness';

const model = 'scripted-math';

describe('EndpointPool parking', () => {
  it('parks a request that used up its attempts and completes it once the server recovers', async () => {
    let healthy = false;
    const s = await serve({
      fault: () => (healthy ? undefined : { kind: 'status', status: 500 }),
    });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model }],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      exhausted: 'park',
      parkDelayMs: 20,
      breaker: { failureThreshold: 1000 },
    });
    const pending = pool.complete({ prompt: 'p', ...sampling });
    await vi.waitFor(() => expect(pool.snapshot().parked).toBe(1), eventually);
    await vi.waitFor(() => expect(s.requests.length).toBeGreaterThan(4), eventually);
    healthy = true;
    const result = await pending;
    expect(result.choices).toHaveLength(1);
    expect(pool.snapshot().parked).toBe(0);
  });

  it("still rejects at once what no retry can fix (the request's own fault)", async () => {
    const s = await serve({ fault: () => ({ kind: 'status', status: 400 }) });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model }],
      retry: fastRetry,
      exhausted: 'park',
    });
    expect((await caught(pool.complete({ prompt: 'p', ...sampling }))).code).toBe('bad_request');
    expect(s.requests).toHaveLength(1);
  });

  it('reports an outage while every endpoint fails, and clears it when one answers', async () => {
    let down = true;
    const fault = () => (down ? ({ kind: 'status', status: 503 } as const) : undefined);
    const a = await serve({ fault });
    const b = await serve({ fault });
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: a.url, model },
        { baseUrl: b.url, model },
      ],
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      exhausted: 'park',
      parkDelayMs: 10,
      outageAfterMs: 50,
      breaker: { failureThreshold: 2, cooldownMs: 10, maxCooldownMs: 20 },
    });
    const pending = Promise.all(
      [0, 1, 2].map((i) => pool.complete({ prompt: `p${i}`, ...sampling })),
    );
    await vi.waitFor(() => expect(pool.snapshot().outage).toBeDefined(), eventually);
    expect(pool.snapshot().outage!.lastError).toMatch(/503/);
    down = false;
    expect(await pending).toHaveLength(3);
    expect(pool.snapshot().outage).toBeUndefined();
  });
});

describe('liveness deadlines', () => {
  it('learns the idle deadline from observed silences, within floor and ceiling', () => {
    const liveness = new ObservedLiveness({
      initialIdleMs: 30_000,
      floorMs: 1_000,
      multiplier: 4,
      minSamples: 4,
    });
    expect(liveness.idleMs(600_000)).toBe(30_000);
    for (const gap of [100, 120, 90, 110]) liveness.observe(gap);
    expect(liveness.idleMs(600_000)).toBe(1_000);
    for (let i = 0; i < 40; i++) liveness.observe(2_000);
    expect(liveness.idleMs(600_000)).toBe(8_000);
    expect(liveness.idleMs(5_000)).toBe(5_000);
  });

  it('cuts a hung request after the learnt deadline, not the flat ceiling, and retries it', async () => {
    let stuck = 0;
    const s = await serve({
      fault: (r) => (r.body?.prompt === 'stuck' && stuck++ === 0 ? { kind: 'hang' } : undefined),
    });
    const pool = new EndpointPool({
      // A flat ten-minute ceiling: only the learnt deadline can free the request in time.
      endpoints: [{ baseUrl: s.url, model, timeoutMs: 600_000 }],
      retry: fastRetry,
      liveness: { initialIdleMs: 600_000, floorMs: 200, minSamples: 4, multiplier: 4 },
    });
    // Warm up: the pool learns how fast this server answers.
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => pool.complete({ prompt: `w${i}`, ...sampling })),
    );
    expect(pool.snapshot().endpoints[0]!.idleDeadlineMs).toBeLessThan(60_000);
    const result = await pool.complete({ prompt: 'stuck', ...sampling });
    expect(result.choices).toHaveLength(1);
    expect(s.requests.filter((r) => r.body?.prompt === 'stuck')).toHaveLength(2);
    expect(pool.snapshot().endpoints[0]!.lastError?.code).toBe('timeout');
  });
  it('retries a request cut for silence at once, however often, and never parks it', async () => {
    let stuck = 0;
    const s = await serve({
      fault: (r) => (r.body?.prompt === 'stuck' && stuck++ < 4 ? { kind: 'hang' } : undefined),
    });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, timeoutMs: 600_000 }],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      exhausted: 'park',
      // A parked retry would wait ten minutes: the request could not finish within the test.
      parkDelayMs: 600_000,
      breaker: { failureThreshold: 1000 },
      liveness: { initialIdleMs: 200, floorMs: 200, minSamples: 1_000 },
    });
    let parked = 0;
    pool.subscribe((snapshot) => (parked = Math.max(parked, snapshot.parked)));
    const result = await pool.complete({ prompt: 'stuck', ...sampling });
    expect(result.choices).toHaveLength(1);
    expect(s.requests.filter((r) => r.body?.prompt === 'stuck')).toHaveLength(5);
    expect(parked).toBe(0);
  });

  it('still counts stalls toward the attempts of a pool that fails exhausted requests', async () => {
    const s = await serve({ fault: () => ({ kind: 'hang' }) });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, timeoutMs: 600_000 }],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 1000 },
      liveness: { initialIdleMs: 100, floorMs: 100, minSamples: 1_000 },
    });
    const error = await caught(pool.complete({ prompt: 'p', ...sampling }));
    expect(error.code).toBe('timeout');
    expect(error.stalled).toBe(true);
    expect(s.requests).toHaveLength(2);
  });
});

describe("the server's own queue", () => {
  it('reads vllm:num_requests_waiting (and SGLang) per model from Prometheus text', () => {
    const text = [
      '# TYPE vllm:num_requests_waiting gauge',
      'vllm:num_requests_waiting{engine="0",model_name="m"} 3.0',
      'vllm:num_requests_waiting{engine="1",model_name="m"} 2.0',
      'vllm:num_requests_waiting{engine="0",model_name="other"} 9.0',
      'vllm:num_requests_running{engine="0",model_name="m"} 256.0',
    ].join('\n');
    expect(waitingRequests(text, 'm')).toBe(5);
    expect(waitingRequests('sglang:num_queue_reqs{model_name="m"} 4', 'm')).toBe(4);
    expect(waitingRequests('# nothing here\n', 'm')).toBeUndefined();
  });

  it('polls /metrics while busy, and asks a server without metrics only once', async () => {
    const busy = await serve({ batching: { maxNumSeqs: 2, stepBaseMs: 5, perSeqMs: 0 } });
    const bare = await serve({ metrics: false });
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: busy.url, model, initialLimit: 12, maxLimit: 12 },
        { baseUrl: bare.url, model },
      ],
      retry: fastRetry,
      metricsEveryMs: 20,
    });
    const seen: number[] = [];
    const unsubscribe = pool.subscribe((s) => {
      const waiting = s.endpoints[0]!.serverWaiting;
      if (waiting !== undefined) seen.push(waiting);
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pool.complete({ prompt: `p${i}`, ...sampling, maxTokens: 32 }),
      ),
    );
    unsubscribe();
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(bare.requests.filter((r) => r.path === '/metrics')).toHaveLength(1);
    expect(pool.snapshot().endpoints[1]!.serverWaiting).toBeUndefined();
  });
});
