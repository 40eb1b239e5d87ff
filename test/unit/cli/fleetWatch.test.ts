// The health watcher: its hint is said once, and only when the run's own cap holds the servers
// back; its health lines say what each server is doing.
import { describe, expect, it } from 'vitest';
import { FleetWatch } from '../../../src/cli/run/fleetWatch';
import type { EndpointPool, PoolSnapshot } from '../../../src/engine/remote/endpointPool';
import type { EndpointStats } from '../../../src/engine/remote/poolEndpoint';

function server(
  inFlight: number,
  limit: number,
  extra: Partial<EndpointStats> = {},
): EndpointStats {
  return {
    index: 0,
    label: 'http://gpu:8000/v1',
    model: 'm',
    state: 'closed',
    inFlight,
    limit,
    completed: 0,
    failed: 0,
    tokensPerS: 0,
    requestsPerS: 0,
    errorRate: 0,
    idleDeadlineMs: 10_000,
    ...extra,
  };
}

function watched(snapshots: PoolSnapshot[]) {
  let now = 0;
  let i = 0;
  const lines: string[] = [];
  const pool = { snapshot: () => snapshots[Math.min(i, snapshots.length - 1)]! };
  const watch = new FleetWatch({
    groups: [{ name: 'solve', pool: pool as unknown as EndpointPool }],
    write: (line) => lines.push(line),
    healthEveryMs: 1_000,
    concurrency: 64,
    onGiveUp: () => {},
    now: () => now,
  });
  for (i = 0; i < snapshots.length; i++) {
    now += 1_000;
    watch.tick();
  }
  return lines;
}

const hintsOf = (snapshots: PoolSnapshot[]) =>
  watched(snapshots).filter((l) => l.startsWith('hint:'));

const capped: PoolSnapshot = { queued: 0, parked: 0, endpoints: [server(32, 65), server(32, 64)] };

describe('FleetWatch hint', () => {
  it('says once that run.concurrency holds back servers that take more', () => {
    const hints = hintsOf([capped, capped, capped, capped, capped, capped]);
    expect(hints).toEqual([
      'hint: [solve] keeps all 64 requests run.concurrency allows in flight and its servers take ' +
        'more (each below its limit, none queueing): raise run.concurrency (up to 4096), or leave ' +
        'it out to size it from the endpoints',
    ]);
  });

  it('stays quiet while the servers are what sets the pace, or the cap is seen only briefly', () => {
    const atLimit = { ...capped, endpoints: [server(32, 32), server(32, 64)] };
    const queueing = {
      ...capped,
      endpoints: [server(32, 65, { serverWaiting: 40 }), server(32, 64)],
    };
    const resting = { ...capped, endpoints: [server(32, 65, { state: 'open' }), server(32, 64)] };
    const pooled = { ...capped, queued: 5 };
    const light = { ...capped, endpoints: [server(10, 64), server(10, 64)] };
    for (const other of [atLimit, queueing, resting, pooled, light])
      expect(hintsOf([other, other, other, other])).toEqual([]);
    expect(hintsOf([capped, capped, light, capped, capped, light])).toEqual([]);
  });
});

describe('FleetWatch health line', () => {
  it('says a server drains when more are in flight than its just-lowered limit', () => {
    const cut = { queued: 0, parked: 0, endpoints: [server(134, 63), server(20, 64)] };
    const health = watched([cut]).find((l) => l.startsWith('health'));
    expect(health).toContain('http://gpu:8000/v1 134/63 draining err 0%');
    expect(health).toContain('http://gpu:8000/v1 20/64 err 0%');
  });
});
