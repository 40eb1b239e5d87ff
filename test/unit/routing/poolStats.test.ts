import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointPool } from '../../../src/engine/remote/endpointPool';
import { watchPools, type EndpointsEvent } from '../../../src/services/poolStats';
import { endpointRequestsLeft } from '../../../src/state/runEta';

afterEach(() => {
  vi.useRealTimers();
});

describe('endpoint snapshots for the page', () => {
  it('sends the first at once, then at most one per interval, and the last on stop', async () => {
    vi.useFakeTimers();
    // Requests hang until the end, so each dispatch is a change the pool reports.
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const pool = new EndpointPool({
      endpoints: [
        { baseUrl: 'http://a:8000', model: 'm', apiKey: 'sk-0123456789', fetch: hanging },
        { baseUrl: 'http://b:8000', model: 'm', fetch: hanging },
      ],
    });
    const sent: EndpointsEvent[] = [];
    const watch = watchPools(
      [{ key: 'g', name: 'Group', roles: ['solve'], pool }],
      (e) => sent.push(e),
      500,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.pools[0]!.endpoints.map((e) => [e.label, e.apiKey, e.inFlight])).toEqual([
      ['http://a:8000/v1', '••••6789', 0],
      ['http://b:8000/v1', undefined, 0],
    ]);
    const stop = new AbortController();
    const sampling = { maxTokens: 4, temperature: 0, topP: 1 };
    const calls = [1, 2, 3].map((i) =>
      pool.complete({ prompt: `p${i}`, ...sampling }, stop.signal).catch(() => undefined),
    );
    await vi.advanceTimersByTimeAsync(499);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // Three dispatches folded into one trailing snapshot, spread over both endpoints.
    expect(sent).toHaveLength(2);
    expect(sent[1]!.pools[0]!.endpoints.map((e) => e.inFlight)).toEqual([2, 1]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(2);
    stop.abort();
    await Promise.all(calls);
    watch.stop();
    expect(sent.at(-1)!.pools[0]!.endpoints.map((e) => e.inFlight)).toEqual([0, 0]);
    const count = sent.length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(count);
  });
});

describe('endpointRequestsLeft', () => {
  it('splits the pool’s remaining requests by each endpoint’s current rate', () => {
    // 40 requests served for 4 kept questions: 10 per question; 6 questions left → 60 requests.
    const [fast, slow, resting] = endpointRequestsLeft(
      [
        { completed: 30, requestsPerS: 3 },
        { completed: 10, requestsPerS: 1 },
        { completed: 0, requestsPerS: 0 },
      ],
      { keptSince: 4, left: 6 },
    );
    expect(fast).toBe(45);
    expect(slow).toBe(15);
    expect(resting).toBeUndefined();
  });

  it('has no forecast before the first kept question', () => {
    expect(
      endpointRequestsLeft([{ completed: 5, requestsPerS: 2 }], { keptSince: 0, left: 3 }),
    ).toEqual([undefined]);
  });
});
