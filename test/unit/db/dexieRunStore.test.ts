import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { createRun, deleteRun, listRuns, endRun } from '../../../src/db/runRepository';
import { listRunQuestions } from '../../../src/db/pairRepository';
import { exportJsonlBlob } from '../../../src/services/datasetExport';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { QuestionRecord, SolutionRecord } from '../../../src/core/pipeline/records';
import { remoteBackends } from '../../support/backends';

let db: StudioDb;
let n = 0;

async function freshDb() {
  db = new StudioDb(`test-${process.pid}-${n++}`);
  await db.open();
  return db;
}

afterEach(async () => {
  await db?.delete();
});

const newRun = () => ({
  name: 'r',
  config: defaultRunConfig(),
  backends: remoteBackends('http://x', 'm'),
  appVersion: 'test',
});

function question(
  runId: string,
  index: number,
  status: 'kept' | 'rejected',
  text = `Q${index}?`,
): QuestionRecord {
  return {
    id: `${runId}:${index}`,
    runId,
    index,
    text,
    dedupKey: `key-${text}`,
    status,
    verdicts: [],
    generation: {
      prompt: 'p',
      rawText: text,
      finishReason: 'stop',
      seed: index,
      promptTokens: 5,
      completionTokens: 7,
      model: 'm',
    },
    majorityAnswer: status === 'kept' ? '1' : null,
    agreement: status === 'kept' ? 1 : 0,
    chosenSolutionId: status === 'kept' ? `${runId}:${index}:0` : null,
    createdAt: 1000 + index,
    ...(status === 'rejected' ? { rejectedAt: 'language' as const } : {}),
  };
}

function solution(q: QuestionRecord): SolutionRecord {
  return {
    id: `${q.id}:0`,
    questionId: q.id,
    runId: q.runId,
    index: 0,
    text: `A for ${q.text} \\boxed{1}`,
    finishReason: 'stop',
    answer: '1',
    inMajority: true,
    chosen: true,
    completionTokens: 3,
  };
}

describe('DexieRunStore', () => {
  it('stores a question, its solutions and the progress together', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    const q = question(run.id, 0, 'kept');
    const progress = await store.saveQuestion(q, [solution(q)]);
    expect(progress).toMatchObject({ attempts: 1, kept: 1, promptTokens: 5, completionTokens: 10 });
    expect(await store.loadProgress(run.id)).toEqual(progress);
    expect(await store.hasKeptQuestion(q.dedupKey)).toBe(true);
    expect(await store.hasKeptQuestion('other')).toBe(false);
    expect((await db.questions.get(q.id))?.chosenResponse).toBe('A for Q0? \\boxed{1}');
  });

  it('copies only the chosen solution text onto the question', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    const kept = question(run.id, 0, 'kept');
    const other = { ...solution(kept), id: `${kept.id}:1`, index: 1, text: 'not chosen' };
    const rejected = question(run.id, 1, 'rejected');
    await store.saveQuestion({ ...kept, chosenSolutionId: other.id }, [solution(kept), other]);
    await store.saveQuestion(rejected, []);
    const rows = await db.questions.orderBy('[runId+index]').toArray();
    expect(rows.map((r) => [r.index, r.chosenResponse, r.reviewStatus])).toEqual([
      [0, 'not chosen', 'pending'],
      [1, undefined, 'pending'],
    ]);
  });

  it('does not count a redone attempt twice', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    const q = question(run.id, 0, 'kept');
    await store.saveQuestion(q, [solution(q)]);
    const again = await store.saveQuestion(q, [solution(q)]);
    expect(again.kept).toBe(1);
    expect(await db.questions.count()).toBe(1);
    expect(await db.solutions.count()).toBe(1);
  });

  it('leaves the database unchanged when the transaction fails', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    const q = question(run.id, 0, 'kept');
    const broken = { ...solution(q), id: undefined as unknown as string };
    await expect(store.saveQuestion(q, [broken])).rejects.toThrow();
    expect(await db.questions.count()).toBe(0);
    expect((await store.loadProgress(run.id)).attempts).toBe(0);
  });

  it('keeps rejected questions out of the dedup set', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    const q = question(run.id, 0, 'rejected');
    await store.saveQuestion(q, []);
    expect(await store.hasKeptQuestion(q.dedupKey)).toBe(false);
    expect((await store.loadProgress(run.id)).rejected).toEqual({ language: 1 });
  });
});

describe('repositories', () => {
  it('lists pairs, run questions and exports only kept pairs as {query, response}', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const store = new DexieRunStore(db);
    for (const [i, status] of (['kept', 'rejected', 'kept'] as const).entries()) {
      const q = question(run.id, i, status, `Question ${i} with "quotes" and \\frac{1}{2}?`);
      await store.saveQuestion(q, status === 'kept' ? [solution(q)] : []);
    }
    expect((await listRunQuestions(db, run.id)).map((q) => q.index)).toEqual([2, 1, 0]);
    const text = await (await exportJsonlBlob(db)).text();
    const rows = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toEqual([
      {
        query: 'Question 0 with "quotes" and \\frac{1}{2}?',
        response: 'A for Question 0 with "quotes" and \\frac{1}{2}? \\boxed{1}',
      },
      {
        query: 'Question 2 with "quotes" and \\frac{1}{2}?',
        response: 'A for Question 2 with "quotes" and \\frac{1}{2}? \\boxed{1}',
      },
    ]);
  });

  it('never stores credentials with a run', async () => {
    await freshDb();
    await createRun(db, {
      ...newRun(),
      backends: {
        ...remoteBackends('http://x', 'm'),
        solve: {
          kind: 'remote',
          replicas: [{ baseUrl: 'http://x', model: 'm', apiKey: 'secret' }],
        },
      } as never,
    });
    const [row] = await listRuns(db);
    expect(JSON.stringify(row)).not.toContain('secret');
  });

  it('ends a paused run: pairs stay, cache goes, done and running runs are left alone', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const q = question(run.id, 0, 'kept');
    await new DexieRunStore(db).saveQuestion(q, [solution(q)]);
    await db.requestCache.add({ key: 'k', runId: run.id, response: {}, createdAt: 1 });
    await db.runs.update(run.id, { status: 'paused' });
    await endRun(db, run.id, 5);
    expect((await db.runs.get(run.id))!.status).toBe('stopped');
    expect(await db.questions.count()).toBe(1);
    expect(await db.requestCache.count()).toBe(0);
    expect((await db.runEvents.toArray()).map((e) => e.kind)).toEqual(['stopped']);
    const live = await createRun(db, newRun());
    await db.runs.update(live.id, { status: 'running' });
    await endRun(db, live.id);
    expect((await db.runs.get(live.id))!.status).toBe('running');
  });

  it('deletes a run with everything it made', async () => {
    await freshDb();
    const run = await createRun(db, newRun());
    const q = question(run.id, 0, 'kept');
    await new DexieRunStore(db).saveQuestion(q, [solution(q)]);
    await deleteRun(db, run.id);
    expect(await db.runs.count()).toBe(0);
    expect(await db.questions.count()).toBe(0);
    expect(await db.solutions.count()).toBe(0);
  });
});
