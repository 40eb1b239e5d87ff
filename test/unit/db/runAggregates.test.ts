import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { createRun, deleteRun } from '../../../src/db/runRepository';
import { ensureRunAggregates, getRunAggregates } from '../../../src/db/runAggregatesRepository';
import { storedQuestion } from '../../../src/db/storedQuestion';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { aggregateAttempts } from '../../support/foldedAggregates';
import { advanceProgress, type QuestionRecord } from '../../../src/core/pipeline/records';
import { remoteBackends } from '../../support/backends';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

async function fresh(): Promise<StudioDb> {
  db = new StudioDb(`aggregates-${Math.random()}`);
  await db.open();
  return db;
}

const newRun = () => ({
  name: 'r',
  config: defaultRunConfig(),
  backends: remoteBackends('http://x', 'm'),
  appVersion: 'test',
});

function attempt(runId: string, index: number): QuestionRecord {
  const kept = index % 3 === 0;
  return {
    id: `${runId}:${index}`,
    runId,
    index,
    text: `Q${index}?`,
    dedupKey: `k${index}`,
    status: kept ? 'kept' : 'rejected',
    ...(kept ? {} : { rejectedAt: index % 3 === 1 ? ('language' as const) : ('judge' as const) }),
    verdicts: [
      { stage: 'generate', pass: true },
      index % 3 === 1
        ? { stage: 'language', pass: false, reason: "detected language 'fr' (confidence 0.9)" }
        : { stage: 'language', pass: true },
      ...(index % 3 === 1
        ? []
        : [
            { stage: 'dedup' as const, pass: true, skipped: true as const, reason: 'off' },
            { stage: 'judge' as const, pass: kept },
          ]),
    ],
    generation: {
      prompt: '',
      rawText: '',
      finishReason: 'stop',
      seed: index,
      promptTokens: 2,
      completionTokens: index,
      model: 'm',
    },
    majorityAnswer: null,
    agreement: 0,
    chosenSolutionId: null,
    createdAt: 1_000_000 + index * 7_000,
  };
}

describe('stored run aggregates', () => {
  it('are updated with every stored attempt, once, in its transaction', async () => {
    const d = await fresh();
    const run = await createRun(d, newRun());
    const store = new DexieRunStore(d);
    const attempts = Array.from({ length: 30 }, (_, i) => attempt(run.id, i));
    for (const q of attempts) await store.saveQuestion(q, []);
    // A redone attempt that was stored already changes nothing.
    await store.saveQuestion(attempts[4]!, []);
    const stored = await getRunAggregates(d, run.id);
    expect(stored).toEqual(
      aggregateAttempts(
        run.id,
        attempts.map((question) => ({ question, solutions: [] })),
      ),
    );
    expect(stored).toMatchObject({ attempts: 30, kept: 10 });
    expect(stored!.stages.language).toEqual({ reached: 30, passed: 20, failed: 10, skipped: 0 });
  });

  it('are computed once from the rows of a run stored before they existed', async () => {
    const d = await fresh();
    const run = await createRun(d, newRun());
    // Rows written as a studio before v6 wrote them: question rows and progress, no aggregates.
    let progress = run.progress;
    const attempts = Array.from({ length: 2500 }, (_, i) => attempt(run.id, i));
    for (const q of attempts) progress = advanceProgress(progress, q, []);
    await d.questions.bulkAdd(attempts.map((q) => storedQuestion(q, [])));
    await d.runs.update(run.id, { progress });
    expect(await getRunAggregates(d, run.id)).toBeUndefined();

    // The pipeline goes on meanwhile: it leaves the aggregates to the backfill...
    const store = new DexieRunStore(d);
    await store.saveQuestion(attempt(run.id, 2500), []);
    expect(await getRunAggregates(d, run.id)).toBeUndefined();
    // ...which counts every attempt, the new one included, exactly once.
    const all = [...attempts, attempt(run.id, 2500)];
    const expected = aggregateAttempts(
      run.id,
      all.map((question) => ({ question, solutions: [] })),
    );
    expect(await ensureRunAggregates(d, run.id)).toEqual(expected);
    await store.saveQuestion(attempt(run.id, 2501), []);
    expect((await getRunAggregates(d, run.id))!.attempts).toBe(2502);
  });

  it('go with the run when it is deleted', async () => {
    const d = await fresh();
    const run = await createRun(d, newRun());
    await new DexieRunStore(d).saveQuestion(attempt(run.id, 0), []);
    expect(await d.runAggregates.count()).toBe(1);
    await deleteRun(d, run.id);
    expect(await d.runAggregates.count()).toBe(0);
  });
});
