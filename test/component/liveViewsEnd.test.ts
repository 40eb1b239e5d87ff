// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import ExplainScreen from '../../src/ui/explain/ExplainScreen.svelte';
import RunDetail from '../../src/ui/runs/RunDetail.svelte';
import { RunManager } from '../../src/state/runManager.svelte';
import { appContext } from '../../src/state/appContext';
import { applyRunEvent, shownAttempt, type LiveAttempts } from '../../src/state/liveStage';
import { StudioDb } from '../../src/db/studioDb';
import { createRun } from '../../src/db/runRepository';
import { createRunService } from '../../src/services/runService';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import { etaText } from '../../src/core/runs/runPace';
import type { QuestionRecord, RunProgress, StageName } from '../../src/core/pipeline/records';
import type { LlmEngine } from '../../src/core/ports/llmEngine';
import { ScriptedEngine } from '../support/scriptedEngine';
import { remoteBackends, accessTo } from '../support/backends';

let db: StudioDb | undefined;
let runs: RunManager | undefined;
afterEach(async () => {
  runs?.dispose();
  await db?.delete();
});

/** Each answer waits a little, so the run is still going when it is paused. */
function slow(inner: LlmEngine): LlmEngine {
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const abort = () => (clearTimeout(t), reject(new Error('aborted')));
      const t = setTimeout(() => (signal?.removeEventListener('abort', abort), resolve()), 20);
      signal?.addEventListener('abort', abort, { once: true });
    });
  return {
    info: inner.info,
    complete: async (r, s) => (await wait(s), inner.complete(r, s)),
    chat: async (r, s) => (await wait(s), inner.chat(r, s)),
  };
}

const LIVE_WORDS = /in progress|running…/;

describe('live views', () => {
  it('keep each overlapping attempt’s own stages until it is stored, and end with the run', () => {
    let live: LiveAttempts = {};
    const stage = (index: number, s: StageName, status: 'running' | 'passed') =>
      (live = applyRunEvent(live, { type: 'stage', index, stage: s, status, text: `q${index}` }));
    stage(1, 'generate', 'running');
    stage(0, 'generate', 'passed');
    stage(0, 'language', 'passed');
    stage(1, 'generate', 'passed');
    stage(0, 'judge', 'running');
    // Attempt 1's events did not leak into attempt 0, nor the other way round.
    expect(Object.keys(live[0]!.stages)).toEqual(['generate', 'language', 'judge']);
    expect(Object.keys(live[1]!.stages)).toEqual(['generate']);
    expect(shownAttempt(live)?.index).toBe(0);
    expect(shownAttempt(live)?.alsoInFlight).toEqual([1]);
    const stored = { index: 0 } as QuestionRecord;
    live = applyRunEvent(live, { type: 'stored', question: stored, progress: {} as RunProgress });
    expect(shownAttempt(live)?.index).toBe(1);
    live = applyRunEvent(live, {
      type: 'finished',
      outcome: 'target-reached',
      progress: {} as RunProgress,
    });
    expect(shownAttempt(live)).toBeNull();
  });

  it('end when the run pauses: no card or Explain view says "in progress", Explain shows the newest stored question', async () => {
    db = new StudioDb(`live-${Math.random()}`);
    const engine = slow(
      new ScriptedEngine(
        (seed) => ({ text: `What is ${seed} plus ${seed}?` }),
        (q, n) => Array.from({ length: n }, (_, i) => `${i}: \\boxed{${q.length}}`),
      ),
    );
    const service = createRunService({ db, createEngine: () => engine });
    runs = new RunManager({
      db,
      worker: () => service,
      proxy: (f) => f,
      control: null,
      heldRuns: () => Promise.resolve(new Set()),
      waitForLock: () => new Promise(() => {}),
    });
    await runs.init();
    const run = await createRun(db, {
      name: 'long',
      config: { ...defaultRunConfig({ targetPairs: 200 }), concurrency: 2 },
      backends: remoteBackends('http://x', 'm'),
      appVersion: 't',
    });
    const manager = runs;
    const started = manager.start(run.id, accessTo('http://x', 'm'));
    const explain = render(ExplainScreen, {
      props: { questionId: undefined, onpick: () => {} },
      context: appContext({ runs: manager }),
    });
    // While it runs: a live question exists, but Explain opens on the newest stored one.
    await waitFor(
      () => {
        expect(manager.selectedRun?.status).toBe('running');
        expect(manager.runQuestions.length).toBeGreaterThan(1);
        expect(manager.inFlight).not.toBeNull();
      },
      { timeout: 20_000 },
    );
    const picker = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Question' });
    expect(picker.value).toBe(manager.runQuestions[0]!.id);
    expect(manager.runQuestions[0]!.index).toBe(
      Math.max(...manager.runQuestions.map((q) => q.index)),
    );
    expect(screen.getByRole('option', { name: /\(in progress\)/ })).toBeTruthy();

    await manager.stop(run.id);
    await started;
    await waitFor(() => expect(manager.selectedRun?.status).toBe('paused'), { timeout: 20_000 });
    expect(manager.inFlight).toBeNull();
    expect(etaText(manager.eta!)).toBe('paused');
    await waitFor(() => expect(document.body.textContent).not.toMatch(LIVE_WORDS));
    explain.unmount();

    // Asked for the live question after the run paused: it says so and shows a stored one.
    render(ExplainScreen, {
      props: { questionId: 'live', onpick: () => {} },
      context: appContext({ runs: manager }),
    });
    expect(screen.getByRole('status').textContent).toContain('No question is in flight');
    expect(document.body.textContent).not.toMatch(LIVE_WORDS);

    // The run's own page: stored cards only, none of them live.
    render(RunDetail, {
      props: {
        run: manager.selectedRun!,
        questions: manager.runQuestions,
        inFlight: manager.inFlight,
      },
    });
    expect(screen.queryByRole('article', { name: 'Question in progress' })).toBeNull();
    expect(document.body.textContent).not.toMatch(LIVE_WORDS);
  });
});
