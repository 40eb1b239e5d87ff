import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun, getRun } from '../../../src/db/runRepository';
import { createRunService } from '../../../src/services/runService';
import { RunManager } from '../../../src/state/runManager.svelte';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { LlmEngine } from '../../../src/core/ports/llmEngine';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { remoteBackends, accessTo } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

/** Each answer waits a little, so the run is still going when the person stops it. */
function slow(inner: LlmEngine): LlmEngine {
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, 5);
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted'))));
    });
  return {
    info: inner.info,
    complete: async (r, s) => (await wait(s), inner.complete(r, s)),
    chat: async (r, s) => (await wait(s), inner.chat(r, s)),
  };
}

describe('stopping a run for good', () => {
  it('ends a running run: what it stored stays, it is not offered for resuming', async () => {
    db = new StudioDb(`end-${Math.random()}`);
    const engine = slow(
      new ScriptedEngine(
        (seed) => ({ text: `What is ${seed} plus ${seed}?` }),
        (q, n) => Array.from({ length: n }, (_, i) => `${i}: \\boxed{${q.length}}`),
      ),
    );
    const service = createRunService({ db, createEngine: () => engine });
    const runs = new RunManager({ db, worker: () => service, proxy: (f) => f });
    const run = await createRun(db, {
      name: 'long',
      config: defaultRunConfig({ targetPairs: 50 }),
      backends: remoteBackends('http://x', 'm'),
      appVersion: 't',
    });
    const started = runs.start(run.id, accessTo('http://x', 'm'));
    await expect
      .poll(async () => (await getRun(db!, run.id))?.progress.kept ?? 0)
      .toBeGreaterThan(0);
    await runs.end(run.id);
    await started;
    const ended = (await getRun(db, run.id))!;
    expect(ended.status).toBe('stopped');
    expect(ended.progress.kept).toBeGreaterThan(0);
    expect(ended.progress.kept).toBeLessThan(50);
    expect(await db.questions.where('runId').equals(run.id).count()).toBe(ended.progress.attempts);
  });
});
