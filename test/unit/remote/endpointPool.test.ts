import { describe, expect, it, vi } from 'vitest';
import { EndpointPool, type PoolSnapshot } from '../../../src/engine/remote/endpointPool';
import { caught, eventually, fastRetry, sampling, serve, sleep } from './poolHarness';

const model = 'scripted-math';
const hang = () => ({ kind: 'hang' as const });

describe('EndpointPool dispatch', () => {
  it('sends each request to the least-loaded endpoint (in-flight ÷ limit)', async () => {
    const a = await serve({ fault: hang });
    const b = await serve({ fault: hang });
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: a.url, model, initialLimit: 2 },
        { baseUrl: b.url, model, initialLimit: 4 },
      ],
    });
    const controller = new AbortController();
    const calls = [0, 1, 2].map((i) =>
      caught(pool.complete({ prompt: `p${i}`, ...sampling }, controller.signal)),
    );
    expect(pool.snapshot().endpoints.map((e) => e.inFlight)).toEqual([1, 2]);
    await vi.waitFor(() => expect(a.requests.length + b.requests.length).toBe(3), eventually);
    expect([a.requests.length, b.requests.length]).toEqual([1, 2]);
    controller.abort();
    expect((await Promise.all(calls)).map((e) => e.code)).toEqual([
      'aborted',
      'aborted',
      'aborted',
    ]);
  });

  it('starts waiting requests by priority (the oldest attempt first), unprioritised ones first', async () => {
    const s = await serve({ delayMs: 30 });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, initialLimit: 1, maxLimit: 1 }],
    });
    const ask = (prompt: string, priority?: number) =>
      pool.complete({ prompt, ...sampling, ...(priority !== undefined ? { priority } : {}) });
    const first = ask('a', 5);
    const rest = [ask('b', 9), ask('c', 2), ask('d'), ask('e', 2)];
    await Promise.all([first, ...rest]);
    expect(s.requests.map((r) => r.body?.prompt)).toEqual(['a', 'd', 'c', 'e', 'b']);
    // The priority orders the queue; it is not sent to the server.
    expect(s.requests.every((r) => r.body && !('priority' in r.body))).toBe(true);
  });

  it('grows the limit while latency holds on a busy server', async () => {
    const s = await serve({
      batching: { maxNumSeqs: 4, stepBaseMs: 2, perSeqMs: 0 },
      reply: () => 'one two three four five six seven eight nine ten',
    });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, initialLimit: 1 }],
      retry: fastRetry,
    });
    let peak = 0;
    pool.subscribe((snap) => (peak = Math.max(peak, snap.endpoints[0]!.limit)));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pool.complete({ prompt: `p${i}`, ...sampling })),
    );
    expect(results).toHaveLength(40);
    expect(peak).toBeGreaterThanOrEqual(3);
    expect(pool.snapshot().endpoints[0]!.completed).toBe(40);
  });

  it('halves the limit on each 503 and grows again after success', async () => {
    const s = await serve({
      fault: (_r, count) => (count < 3 ? { kind: 'status', status: 503 } : undefined),
    });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, initialLimit: 8 }],
      retry: fastRetry,
      breaker: { failureThreshold: 100 },
    });
    const limits: number[] = [];
    pool.subscribe((snap) => limits.push(snap.endpoints[0]!.limit));
    await pool.complete({ prompt: 'p', ...sampling });
    await sleep(0);
    expect(s.requests).toHaveLength(4);
    expect(Math.min(...limits)).toBe(1);
    expect(pool.snapshot().endpoints[0]).toMatchObject({ limit: 2, failed: 3, completed: 1 });
  });
});

describe('EndpointPool resilience', () => {
  it('honours Retry-After by pausing the endpoint', async () => {
    const times: number[] = [];
    const s = await serve({
      fault: (_r, count) => {
        times.push(Date.now());
        return count === 0
          ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
          : undefined;
      },
    });
    const pool = new EndpointPool({ endpoints: [{ baseUrl: s.url, model }], retry: fastRetry });
    const snapshots: PoolSnapshot[] = [];
    pool.subscribe((snap) => snapshots.push(snap));
    await pool.complete({ prompt: 'p', ...sampling });
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(snapshots.some((snap) => snap.endpoints[0]!.pausedUntil !== undefined)).toBe(true);
    expect(snapshots.at(-1)!.endpoints[0]!.lastError?.code).toBe('rate_limited');
  });

  it('fails over to a healthy endpoint and opens the breaker of a failing one', async () => {
    const bad = await serve({ fault: () => ({ kind: 'status', status: 500 }) });
    const good = await serve();
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: bad.url, model },
        { baseUrl: good.url, model },
      ],
      retry: fastRetry,
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    for (let i = 0; i < 10; i++) await pool.complete({ prompt: `p${i}`, seed: i, ...sampling });
    const [a, b] = pool.snapshot().endpoints;
    expect(bad.requests).toHaveLength(2);
    expect(a).toMatchObject({ state: 'open', failed: 2, completed: 0 });
    expect(a!.lastError?.code).toBe('server');
    expect(b).toMatchObject({ state: 'closed', completed: 10, failed: 0 });
  });

  it('probes a recovered endpoint after the cool-down and closes the breaker', async () => {
    const flaky = await serve({
      fault: (_r, count) => (count < 2 ? { kind: 'reset' } : undefined),
    });
    const good = await serve();
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: flaky.url, model },
        { baseUrl: good.url, model },
      ],
      retry: fastRetry,
      breaker: { failureThreshold: 2, cooldownMs: 150 },
    });
    await pool.complete({ prompt: 'a', ...sampling });
    await pool.complete({ prompt: 'b', ...sampling });
    expect(pool.snapshot().endpoints[0]!.state).toBe('open');
    await sleep(200);
    expect(pool.snapshot().endpoints[0]!.state).toBe('half-open');
    await pool.complete({ prompt: 'c', ...sampling });
    expect(pool.snapshot().endpoints[0]).toMatchObject({ state: 'closed', completed: 1 });
    expect(flaky.requests).toHaveLength(3);
  });

  it('tries another endpoint when one does not serve the model, but not for a bad request', async () => {
    const wrong = await serve({ model: 'other' });
    const right = await serve();
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: wrong.url, model },
        { baseUrl: right.url, model },
      ],
      retry: fastRetry,
    });
    const result = await pool.complete({ prompt: 'p', ...sampling });
    expect(result.choices).toHaveLength(1);
    expect(pool.snapshot().endpoints[0]!.lastError?.code).toBe('model_not_found');

    const rejecting = await serve({ fault: () => ({ kind: 'status', status: 400 }) });
    const single = new EndpointPool({
      endpoints: [{ baseUrl: rejecting.url, model }],
      retry: fastRetry,
    });
    expect((await caught(single.complete({ prompt: 'p', ...sampling }))).code).toBe('bad_request');
    expect(rejecting.requests).toHaveLength(1);
  });

  it('gives up after the bounded number of attempts', async () => {
    const s = await serve({ fault: () => ({ kind: 'malformed' }) });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model }],
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 100 },
    });
    expect((await caught(pool.complete({ prompt: 'p', ...sampling }))).code).toBe('bad_response');
    expect(s.requests).toHaveLength(3);
  });
});

describe('EndpointPool cancellation', () => {
  it('stops queued and in-flight requests at once and sends nothing more', async () => {
    const a = await serve({ fault: hang });
    const b = await serve({ fault: hang });
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: a.url, model, timeoutMs: 120_000 },
        { baseUrl: b.url, model, timeoutMs: 120_000 },
      ],
    });
    const controller = new AbortController();
    const calls = Array.from({ length: 30 }, (_, i) =>
      caught(pool.complete({ prompt: `p${i}`, ...sampling }, controller.signal)),
    );
    // Two endpoints at the initial limit of 8 each; the rest wait in the pool.
    await vi.waitFor(() => expect(a.openRequests + b.openRequests).toBe(16), eventually);
    expect(pool.snapshot().queued).toBe(14);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['aborted']));
    await vi.waitFor(() => expect(a.openRequests + b.openRequests).toBe(0), eventually);
    expect(a.requests.length + b.requests.length).toBe(16);
    const snap = pool.snapshot();
    expect(snap.queued).toBe(0);
    expect(snap.endpoints.map((e) => [e.inFlight, e.failed, e.state])).toEqual([
      [0, 0, 'closed'],
      [0, 0, 'closed'],
    ]);
  });

  it('cancels a request waiting out its backoff', async () => {
    const s = await serve({ fault: () => ({ kind: 'status', status: 500 }) });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model }],
      retry: { attempts: 5, baseDelayMs: 120_000, maxDelayMs: 120_000 },
    });
    const controller = new AbortController();
    const pending = caught(pool.complete({ prompt: 'p', ...sampling }, controller.signal));
    await vi.waitFor(() => expect(pool.snapshot().endpoints[0]!.failed).toBe(1), eventually);
    expect(pool.snapshot().queued).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('aborted');
    expect(pool.snapshot().queued).toBe(0);
  });
});

describe('EndpointPool and n', () => {
  const chat = { messages: [{ role: 'user' as const, content: 'Q' }], n: 3, seed: 5, ...sampling };

  it('remembers that a server ignores n and then splits n over separate seeded requests', async () => {
    const s = await serve({ honoursN: false });
    const pool = new EndpointPool({ endpoints: [{ baseUrl: s.url, model }], retry: fastRetry });
    expect(pool.snapshot().endpoints[0]!.honoursN).toBeUndefined();
    const first = await pool.chat(chat);
    expect(first.choices).toHaveLength(3);
    expect(pool.snapshot().endpoints[0]!.honoursN).toBe(false);
    const before = s.requests.length;
    const second = await pool.chat(chat);
    const split = s.requests.slice(before).map((r) => [r.body?.n, r.body?.seed]);
    expect(split.sort((x, y) => Number(x[1]) - Number(y[1]))).toEqual([
      [1, 5],
      [1, 5 + 7919],
      [1, 5 + 2 * 7919],
    ]);
    expect(second.choices.map((c) => c.text)).toEqual(first.choices.map((c) => c.text));
  });

  it('retries a failed n-choice request as separate requests once n is known to be ignored', async () => {
    // The first request (n=3) gets one choice back, then its second hidden request fails: the
    // retry must not need all three to succeed again together.
    const s = await serve({
      honoursN: false,
      fault: (_r, count) =>
        count === 1 || count === 4 ? { kind: 'status', status: 500 } : undefined,
    });
    const pool = new EndpointPool({ endpoints: [{ baseUrl: s.url, model }], retry: fastRetry });
    const result = await pool.chat(chat);
    expect(result.choices).toHaveLength(3);
    expect(pool.snapshot().endpoints[0]!.honoursN).toBe(false);
    const after = s.requests.slice(2).map((r) => r.body?.n);
    expect(after.every((n) => n === 1)).toBe(true);
  });

  it('records that a server honours n and asks once', async () => {
    const s = await serve();
    const pool = new EndpointPool({ endpoints: [{ baseUrl: s.url, model }], retry: fastRetry });
    await pool.chat(chat);
    await pool.chat(chat);
    expect(s.requests.map((r) => r.body?.n)).toEqual([3, 3]);
    expect(pool.snapshot().endpoints[0]!.honoursN).toBe(true);
  });
});

describe('EndpointPool and API keys', () => {
  it('sends the key to the server but never shows it in errors or stats', async () => {
    const key = 'sk-live-0123456789abcd';
    const s = await serve({
      fault: () => ({
        kind: 'status',
        status: 401,
        body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }),
      }),
    });
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model, apiKey: key }],
      retry: fastRetry,
    });
    const error = await caught(pool.complete({ prompt: 'p', ...sampling }));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('Incorrect API key provided: ••••abcd');
    expect(JSON.stringify(error.toData())).not.toContain(key);
    const snap = pool.snapshot();
    expect(snap.endpoints[0]!.apiKey).toBe('••••abcd');
    expect(JSON.stringify(snap)).not.toContain(key);
    expect(JSON.stringify(pool.info)).not.toContain(key);
    expect(s.requests[0]!.authorization).toBe(`Bearer ${key}`);
  });
});

describe('EndpointPool live figures', () => {
  it('counts tokens as they stream, and exactly the usage once the answer is whole', async () => {
    // Four tokens per delta (vLLM --stream-interval 4), the last delta shorter.
    const s = await serve({
      batching: { stepBaseMs: 20, perSeqMs: 0, streamInterval: 4 },
      reply: () => Array.from({ length: 121 }, (_, i) => `w${i}`).join(' '),
    });
    // A frozen clock: the rate's window then holds every token counted, so it reads as a total.
    const pool = new EndpointPool({
      endpoints: [{ baseUrl: s.url, model }],
      now: () => 1_000_000,
      statsWindowMs: 60_000,
    });
    const tokensPerS = () => pool.snapshot().endpoints[0]!.tokensPerS;
    const completed = () => pool.snapshot().endpoints[0]!.completed;
    const pending = pool.complete({ prompt: 'p', ...sampling, maxTokens: 1000 });
    await vi.waitFor(() => {
      expect(completed()).toBe(0);
      expect(tokensPerS()).toBeGreaterThan(0);
    }, eventually);
    const first = (await pending).usage.completionTokens;
    expect(tokensPerS()).toBe(first);

    // From then on a delta counts as the tokens per delta the first answer showed.
    expect(first % 4).not.toBe(0);
    const perDelta = first / Math.ceil(first / 4);
    const next = pool.complete({ prompt: 'q', ...sampling, maxTokens: 1000 });
    await vi.waitFor(() => {
      expect(completed()).toBe(1);
      expect(tokensPerS()).toBeGreaterThan(first);
    }, eventually);
    const live = (tokensPerS() - first) / perDelta;
    expect(Math.abs(live - Math.round(live))).toBeLessThan(1e-6);
    const second = (await next).usage.completionTokens;
    expect(tokensPerS()).toBeCloseTo(first + second, 6);
  });
});
