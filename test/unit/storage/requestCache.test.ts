import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRunService } from '../../../src/services/runService';
import { CachingEngine } from '../../../src/engine/cachingEngine';
import type { RequestCache } from '../../../src/core/ports/requestCache';
import type { GenerationResult } from '../../../src/core/ports/llmEngine';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { expectConsistent, passingEngine, remoteRun, smallConfig } from './storageFixtures';
import { accessTo } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const endpoint = accessTo('http://127.0.0.1:9', 'scripted');

/** Requests of a run held in its cache. */
const cached = (runId: string) => db!.requestCache.where('runId').equals(runId).count();

/** Every request an engine was sent, as text, in order. */
function sentBy(engine: ReturnType<typeof passingEngine>): string[] {
  return [
    ...engine.completeCalls.map((r) => `complete ${JSON.stringify(r)}`),
    ...engine.chatCalls.map((r) => `chat ${JSON.stringify(r)}`),
  ];
}

async function storedSummary(db: StudioDb, runId: string): Promise<string[]> {
  const questions = await db.questions.where('runId').equals(runId).sortBy('index');
  return questions.map((q) => `${q.status} ${q.index} ${q.text}`);
}

describe('request cache', () => {
  it('re-sends only the requests not yet answered when an interrupted run resumes', async () => {
    const config = smallConfig(6);
    // The same run without interruption: the requests a run needs.
    db = new StudioDb(`cache-base-${Math.random()}`);
    const whole = passingEngine();
    const base = await remoteRun(db, config);
    await createRunService({ db, createEngine: () => whole }).start(base.id, endpoint, () => {});
    const baseline = await storedSummary(db, base.id);
    expect(baseline.filter((q) => q.startsWith('kept'))).toHaveLength(6);
    await db.delete();

    db = new StudioDb(`cache-${Math.random()}`);
    const run = await remoteRun(db, config);
    let stopped = false;
    const first = passingEngine((call) => {
      // Stop while look-ahead attempts have answers that are not stored yet.
      if (call === 7 && !stopped) {
        stopped = true;
        service.stop(run.id);
      }
    });
    let engine = first;
    const service: ReturnType<typeof createRunService> = createRunService({
      db,
      createEngine: () => engine,
    });
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'paused' });
    expect(stopped).toBe(true);
    const paused = (await db.runs.get(run.id))!.progress.attempts;
    expect(paused).toBeGreaterThan(0);
    expect(paused).toBeLessThan(6);
    expect(await cached(run.id)).toBeGreaterThan(0);

    const second = passingEngine();
    engine = second;
    expect(await service.start(run.id, endpoint, () => {})).toEqual({ status: 'done' });
    const firstSent = sentBy(first);
    const secondSent = sentBy(second);
    // Nothing answered before the stop is asked again (the scripted engine answers every call).
    expect(secondSent.length).toBeGreaterThan(0);
    expect(secondSent.filter((r) => firstSent.includes(r))).toEqual([]);
    expect(new Set(secondSent).size).toBe(secondSent.length);
    // And the result is the one an uninterrupted run stores.
    expect(await storedSummary(db, run.id)).toEqual(baseline);
    await expectConsistent(db, run.id, 2);
    // The cache only serves resuming; a finished run drops it.
    expect(await cached(run.id)).toBe(0);
    const kinds = (await listRunEvents(db, run.id)).map((e) => e.kind);
    expect(kinds).toEqual(['started', 'paused', 'resumed', 'done']);
  });

  it('keys on the whole request and never caches errors or aborted answers', async () => {
    const store = new Map<string, GenerationResult>();
    const cache: RequestCache = {
      get: (k) => Promise.resolve(store.get(k)),
      put: (k, v) => Promise.resolve(void store.set(k, v)),
    };
    let calls = 0;
    let finish: 'stop' | 'abort' = 'abort';
    let fail = true;
    const inner = {
      info: { kind: 'remote' as const, label: 'x', model: 'm' },
      complete: () => {
        calls++;
        if (fail) return Promise.reject(new Error('boom'));
        return Promise.resolve({
          model: 'm',
          choices: [{ text: 't', finishReason: finish }],
          usage: { promptTokens: 1, completionTokens: 1, latencyS: 0 },
        });
      },
      chat: () => Promise.reject(new Error('unused')),
    };
    const engine = new CachingEngine(inner, cache, 'run-1');
    const request = { prompt: 'p', maxTokens: 5, temperature: 1, topP: 1, seed: 3 };
    await expect(engine.complete(request)).rejects.toThrow('boom');
    fail = false;
    await engine.complete(request);
    expect(store.size).toBe(0);
    finish = 'stop';
    await engine.complete(request);
    // Same fields in another order: a hit.
    await engine.complete({ seed: 3, topP: 1, temperature: 1, maxTokens: 5, prompt: 'p' });
    expect(calls).toBe(3);
    await engine.complete({ ...request, seed: 4 });
    await engine.complete({ ...request, stop: ['x'] });
    await new CachingEngine(inner, cache, 'run-2').complete(request);
    expect(calls).toBe(6);
    expect(store.size).toBe(4);
  });
});
