// A studio run through a server outage and hung requests, against the scripted
// OpenAI-compatible server (port 0): every replica down pauses the run with what to do, it goes
// on by itself once the server answers again, Stop ends it while it waits, and hung requests
// are cut by the learnt liveness deadline instead of the flat request timeout.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { createRunService } from '../../../src/services/runService';
import type { OutagePolicy } from '../../../src/services/serverOutage';
import { defaultRunConfig, type RunConfig } from '../../../src/core/pipeline/runConfig';
import { localRunControlBus } from '../../support/localRunControl';
import { accessTo, remoteBackends } from '../../support/backends';
import {
  startTestServer,
  type Fault,
  type RecordedRequest,
  type TestServer,
} from '../../support/openAiTestServer';

let db: StudioDb | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  await db?.delete();
});

/** Short enough for a test; the studio's own are seconds. */
const quick: Partial<OutagePolicy> = {
  parkDelayMs: 50,
  outageAfterMs: 200,
  checkEveryMs: 50,
  probeEveryMs: 100,
};

async function setup(
  fault: (request: RecordedRequest) => Fault | undefined,
  targetPairs = 4,
  selection: Partial<RunConfig['selection']> = {},
) {
  db = new StudioDb(`outage-${Math.random()}`);
  server = await startTestServer({ fault });
  const config = defaultRunConfig({ targetPairs, seed: 0 });
  const run = await createRun(db, {
    name: 'outage',
    config: { ...config, selection: { ...config.selection, ...selection } },
    backends: remoteBackends(server.url, 'scripted-math'),
    appVersion: 'test',
  });
  const endpoint = accessTo(server.url, 'scripted-math');
  return { db, server, run, endpoint };
}

const waitFor = (check: () => Promise<void>) =>
  vi.waitFor(check, { timeout: 25_000, interval: 50 });

describe('a studio run whose server goes down', () => {
  it('pauses with the server and what to do, then continues by itself when it answers', async () => {
    let down = true;
    const { db, server, run, endpoint } = await setup(() =>
      down ? { kind: 'status', status: 503 } : undefined,
    );
    const service = createRunService({ db, control: null, statsIntervalMs: 0, outage: quick });
    const outcome = service.start(run.id, endpoint, () => {});

    await waitFor(async () => expect((await getRun(db, run.id))?.status).toBe('paused'));
    const paused = (await getRun(db, run.id))!;
    expect(paused.error).toContain(server.url);
    expect(paused.error).toMatch(/continues by itself as soon as it answers again/);
    expect(paused.error).toMatch(/503/);
    expect(paused.errorCode).toBe('network');
    // Still held here: the probes go on while it is paused.
    const probesBefore = server.requests.filter((r) => r.path.endsWith('/models')).length;
    const probes = () => server.requests.filter((r) => r.path.endsWith('/models')).length;
    await vi.waitFor(() => expect(probes()).toBeGreaterThan(probesBefore), {
      timeout: 25_000,
      interval: 50,
    });

    down = false;
    expect(await outcome).toEqual({ status: 'done' });
    const done = (await getRun(db, run.id))!;
    expect(done.status).toBe('done');
    expect(done.progress.kept).toBe(4);
    expect(done.error).toBeUndefined();
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed', 'done']);
    expect(events[1]!.message).toMatch(/^server outage: .* \(.*503.*\)$/);
  });

  it('ends for good when Stop is pressed while it waits for the server', async () => {
    const { db, run, endpoint } = await setup(() => ({ kind: 'status', status: 503 }));
    const service = createRunService({ db, control: null, statsIntervalMs: 0, outage: quick });
    const outcome = service.start(run.id, endpoint, () => {});
    await waitFor(async () => expect((await getRun(db, run.id))?.status).toBe('paused'));
    service.end(run.id);
    expect(await outcome).toEqual({ status: 'stopped' });
    expect((await getRun(db, run.id))?.status).toBe('stopped');
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'stopped']);
  });

  it('tries at once when Resume is pressed (from any tab) while it waits', async () => {
    let down = true;
    const { db, run, endpoint } = await setup(() =>
      down ? { kind: 'status', status: 503 } : undefined,
    );
    const bus = localRunControlBus();
    // Probes a minute apart: only the Resume request can bring it back within the test.
    const service = createRunService({
      db,
      control: bus.connect(),
      statsIntervalMs: 0,
      outage: { ...quick, probeEveryMs: 60_000 },
    });
    const outcome = service.start(run.id, endpoint, () => {});
    await waitFor(async () => expect((await getRun(db, run.id))?.status).toBe('paused'));
    down = false;
    bus.connect().post({ type: 'resume', runId: run.id });
    expect(await outcome).toEqual({ status: 'done' });
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed', 'done']);
  });

  it('hears Resume pressed while a probe of the servers is under way', async () => {
    let down = true;
    // The model list never answers: every probe hangs until its limit (a minute), so only a
    // Resume heard during the probe can bring the run back within the test.
    const { db, server, run, endpoint } = await setup((request) =>
      request.path.endsWith('/models')
        ? { kind: 'hang' }
        : down
          ? { kind: 'status', status: 503 }
          : undefined,
    );
    const bus = localRunControlBus();
    const service = createRunService({
      db,
      control: bus.connect(),
      statsIntervalMs: 0,
      outage: { ...quick, probeTimeoutMs: 60_000 },
    });
    const outcome = service.start(run.id, endpoint, () => {});
    await waitFor(async () => expect((await getRun(db, run.id))?.status).toBe('paused'));
    await vi.waitFor(
      () => expect(server.requests.some((r) => r.path.endsWith('/models'))).toBe(true),
      { timeout: 25_000, interval: 20 },
    );
    down = false;
    bus.connect().post({ type: 'resume', runId: run.id });
    expect(await outcome).toEqual({ status: 'done' });
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed', 'done']);
  });

  it('pauses when the reward model server is down, and continues when it answers', async () => {
    let rewardDown = true;
    const { db, server, run, endpoint } = await setup(
      (request) =>
        rewardDown && request.path === '/pooling' ? { kind: 'status', status: 503 } : undefined,
      3,
      { scorer: 'reward-model' },
    );
    const service = createRunService({ db, control: null, statsIntervalMs: 0, outage: quick });
    const outcome = service.start(run.id, endpoint, () => {});
    await waitFor(async () => expect((await getRun(db, run.id))?.status).toBe('paused'));
    const paused = (await getRun(db, run.id))!;
    expect(paused.error).toMatch(/\(reward model\)" \(score\) has failed for/);
    expect(paused.error).toMatch(/503/);
    rewardDown = false;
    expect(await outcome).toEqual({ status: 'done' });
    expect((await getRun(db, run.id))?.progress.kept).toBe(3);
    expect(
      server.requests.filter((r) => r.path === '/pooling' && r.outcome === 'ok').length,
    ).toBeGreaterThan(0);
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed', 'done']);
    expect(events[1]!.message).toMatch(/^server outage: .*\(reward model\) \(.*503.*\)$/);
  });

  it('cuts hung requests at the learnt deadline and finishes', async () => {
    // Two requests never answer (no headers, no bytes); the request timeout is the default 600 s.
    let generations = 0;
    const hung = new Set([3, 9]);
    const { db, server, run, endpoint } = await setup(() => {
      generations += 1;
      return hung.has(generations) ? { kind: 'hang' } : undefined;
    }, 6);
    const service = createRunService({
      db,
      control: null,
      statsIntervalMs: 0,
      outage: { ...quick, liveness: { initialIdleMs: 300, floorMs: 100 } },
    });
    const outcome = await service.start(run.id, endpoint, () => {});
    expect(outcome).toEqual({ status: 'done' });
    expect(server.requests.filter((r) => r.outcome === 'hang')).toHaveLength(2);
    expect((await getRun(db, run.id))?.progress.kept).toBe(6);
  });
});
