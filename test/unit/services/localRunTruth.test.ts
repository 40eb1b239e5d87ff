import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun } from '../../../src/db/runRepository';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { createRunService } from '../../../src/services/runService';
import { runPipeline } from '../../../src/core/pipeline/runPipeline';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { mixedSeed } from '../../../src/core/pipeline/seeds';
import type { PipelineEvent } from '../../../src/core/pipeline/pipelineEvents';
import { applyRunEvent, shownAttempt, type LiveAttempts } from '../../../src/state/liveStage';
import { makeHarness, settle, SMALL_MODEL } from '../../support/webLlmHarness';
import { MemoryRunStore } from '../../support/memoryRunStore';
import type { ScriptedMlcEngine } from '../../support/scriptedMlcEngine';
import { localBackends } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

/** Questions by kind, so overlapping attempts get the right kind of answer. */
function answerAll(mlc: ScriptedMlcEngine): void {
  let asked = 0;
  mlc.respond = (request, kind) => {
    if (kind === 'completion') return { text: `What is ${++asked} + 3?` };
    const messages = (request as { messages: { role: string }[] }).messages;
    return messages.some((m) => m.role === 'system')
      ? { text: 'A complete arithmetic question.\nAnswer: Yes' }
      : { text: 'Two plus three is \\boxed{5}.' };
  };
}

describe('a local run over the WebLLM worker protocol', () => {
  it('sends mixed seeds and records the seed it sent', async () => {
    const h = makeHarness();
    await h.engine.load();
    answerAll(h.mlc);
    const store = new MemoryRunStore();
    const config = { ...defaultRunConfig({ targetPairs: 3, seed: 5 }), maxAttempts: 3 };
    config.dedup = { ...config.dedup, exact: false, near: false };
    await runPipeline({ runId: 'r', config, engine: h.engine, store });
    const completions = h.mlc.requests.filter((r) => 'prompt' in r);
    expect(completions.map((r) => r.seed)).toEqual([0, 1, 2].map((i) => mixedSeed(5, i)));
    const stored = [...store.questions.values()].sort((a, b) => a.index - b.index);
    expect(stored.map((q) => q.generation.seed)).toEqual([0, 1, 2].map((i) => mixedSeed(5, i)));
    expect(stored.every((q) => q.generation.seedMixed)).toBe(true);
    // Every seed that reached WebLLM is a mixed one, judge and solver requests included.
    const allowed = new Set([0, 1, 2].map((i) => mixedSeed(5, i)));
    for (const r of h.mlc.requests) expect(allowed.has(r.seed!)).toBe(true);
  });

  it('names the attempt that is on the GPU, not the last one to report', async () => {
    const h = makeHarness();
    await h.engine.load();
    answerAll(h.mlc);
    h.mlc.holdRequests = true;
    const events: PipelineEvent[] = [];
    let live: LiveAttempts = {};
    const config = {
      ...defaultRunConfig({ targetPairs: 1, seed: 0 }),
      maxAttempts: 3,
      concurrency: 1,
      lookAhead: 2,
    };
    const running = runPipeline({
      runId: 'r',
      config,
      engine: h.engine,
      store: new MemoryRunStore(),
      onEvent: (e) => {
        events.push(e);
        live = applyRunEvent(live, e);
      },
    });
    await settle(20);
    // Attempts 1 and 2 announced "generate" after attempt 0, which is the one on the GPU.
    const generating = events.filter((e) => e.type === 'stage' && e.stage === 'generate');
    expect(generating.map((e) => (e as { index: number }).index)).toEqual([0, 1, 2]);
    expect(h.mlc.heldCount).toBe(1);
    expect(shownAttempt(live)).toMatchObject({ index: 0, generating: true, alsoInFlight: [1, 2] });
    h.mlc.holdRequests = false;
    while (h.mlc.heldCount > 0) {
      h.mlc.release();
      await settle(5);
    }
    await running;
    expect(shownAttempt(live)).toBeNull();
  });

  it('recovers from a lost GPU device mid-run and says so in the run events', async () => {
    db = new StudioDb(`device-lost-${Math.random()}`);
    const h = makeHarness();
    await h.engine.load();
    answerAll(h.mlc);
    let lost = false;
    const respond = h.mlc.respond!;
    h.mlc.respond = (request, kind) => {
      // The device goes away once, before the first solve: WebLLM unloads silently.
      if (!lost && kind === 'chat' && !JSON.stringify(request).includes('"system"')) {
        lost = true;
        h.mlc.loseDevice();
        return new Error('Model not loaded before trying to complete chat.');
      }
      return respond(request, kind);
    };
    const run = await createRun(db, {
      name: 'local',
      config: { ...defaultRunConfig({ targetPairs: 2, seed: 0 }), maxAttempts: 4 },
      backends: localBackends(SMALL_MODEL),
      appVersion: 'test',
    });
    const service = createRunService({ db, createEngine: () => h.engine });
    expect(await service.start(run.id, { endpoints: [] }, () => {})).toEqual({ status: 'done' });
    const stored = await getRun(db, run.id);
    expect(stored?.progress.kept).toBe(2);
    expect(h.engine.recoveries).toBe(1);
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'recovered', 'done']);
    expect(events[1]?.message).toMatch(
      new RegExp(
        `^The GPU device was lost while ${SMALL_MODEL.replace(/\./g, '\\.')} was generating`,
      ),
    );
    expect(events[1]?.message).toContain('was reloaded in');
    expect(events[1]?.message).toContain('nothing was lost');
  });

  it('recovers from a device lost while a request is on the GPU: only that request is sent again', async () => {
    const runOnce = async (loseAfterFirstQuestion: boolean) => {
      db = new StudioDb(`device-lost-mid-${Math.random()}`);
      const h = makeHarness();
      await h.engine.load();
      answerAll(h.mlc);
      const respond = h.mlc.respond!;
      let lost = false;
      h.mlc.respond = (request, kind) => {
        // Whatever request follows the first question is on the GPU when the device goes away.
        if (loseAfterFirstQuestion && !lost && kind === 'completion') {
          lost = true;
          h.mlc.loseDeviceDuringRequest();
        }
        return respond(request, kind);
      };
      const run = await createRun(db, {
        name: 'local',
        // One attempt at a time, so both runs send their requests in the same order.
        config: {
          ...defaultRunConfig({ targetPairs: 2, seed: 0 }),
          maxAttempts: 4,
          lookAhead: 0,
        },
        backends: localBackends(SMALL_MODEL),
        appVersion: 'test',
      });
      const service = createRunService({ db, createEngine: () => h.engine });
      const outcome = await service.start(run.id, { endpoints: [] }, () => {});
      const kept = (await getRun(db, run.id))?.progress.kept;
      const events = await listRunEvents(db, run.id);
      await db.delete();
      return { outcome, kept, events, h };
    };
    const clean = await runOnce(false);
    const faulty = await runOnce(true);
    expect(faulty.outcome).toEqual({ status: 'done' });
    expect(faulty.kept).toBe(clean.kept);
    expect(faulty.h.engine.recoveries).toBe(1);
    // The same requests as without the fault, the lost one twice in a row (same seed).
    const sent = faulty.h.mlc.requests.map((r) => JSON.stringify(r));
    const twice = sent.findIndex((r, i) => r === sent[i + 1]);
    expect(twice).toBeGreaterThan(0);
    // (Either run may start one more attempt before it sees its target reached.)
    const without = sent.filter((_, i) => i !== twice);
    const cleanSent = clean.h.mlc.requests.map((r) => JSON.stringify(r));
    const common = Math.min(without.length, cleanSent.length);
    expect(common).toBeGreaterThanOrEqual(6);
    expect(without.slice(0, common)).toEqual(cleanSent.slice(0, common));
    expect(faulty.events.map((e) => e.kind)).toEqual(['started', 'recovered', 'done']);
    expect(faulty.events[1]?.message).toContain('Device is lost');
    expect(faulty.events[1]?.message).toContain('nothing was lost');
  });

  it('pauses as interrupted, not failed, when the reload after a lost device fails', async () => {
    db = new StudioDb(`device-lost-fail-${Math.random()}`);
    const h = makeHarness();
    await h.engine.load();
    answerAll(h.mlc);
    const respond = h.mlc.respond!;
    h.mlc.respond = (request, kind) => {
      if (kind === 'completion') {
        h.mlc.loseDevice();
        h.mlc.loadErrors.push(
          Object.assign(new Error('Device was lost while allocating'), { name: 'DeviceLostError' }),
        );
        return new Error('Model not loaded before trying to complete completion.');
      }
      return respond(request, kind);
    };
    const run = await createRun(db, {
      name: 'local',
      config: { ...defaultRunConfig({ targetPairs: 1, seed: 0 }), maxAttempts: 2 },
      backends: localBackends(SMALL_MODEL),
      appVersion: 'test',
    });
    const service = createRunService({ db, createEngine: () => h.engine });
    const outcome = await service.start(run.id, { endpoints: [] }, () => {});
    expect(outcome.status).toBe('interrupted');
    const stored = await getRun(db, run.id);
    expect(stored?.status).toBe('interrupted');
    const events = await listRunEvents(db, run.id);
    expect(events.map((e) => e.kind)).toEqual(['started', 'interrupted']);
    expect(events[1]?.message).toMatch(
      /^The GPU device was lost while .+ was generating, and reloading it failed: .+ does not fit on this GPU/,
    );
  });
});
