import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import {
  clearReviewEdits,
  saveReviewEdits,
  setReviewStatus,
} from '../../../src/db/reviewRepository';
import { readExportPairs } from '../../../src/db/exportReader';
import type { ExportPair } from '../../../src/core/export/exportPair';
import { datasetSignature, loadBrowseRows, loadPairDetail } from '../../../src/db/datasetQuery';
import { browse, defaultFilter, defaultSort } from '../../../src/core/dataset/browseQuery';
import { makeQuestion, makeSolution } from '../../support/storedRecords';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { QuestionRecord } from '../../../src/core/pipeline/records';
import { storeImportedPairs } from '../../../src/db/importRepository';
import { PACK_SIZE } from '../../../src/db/pairPacks';
import { listKeptQuestionTexts } from '../../../src/db/pairRepository';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { exactDuplicateKey } from '../../../src/core/dedup/normalizeQuestion';
import { remoteBackends } from '../../support/backends';

let db: StudioDb;
let n = 0;

afterEach(async () => {
  await db?.delete();
});

/** What an accepted-only export of these runs (or all) holds: review decisions and edits applied. */
async function acceptedExport(runIds?: string[]): Promise<ExportPair[]> {
  const pairs: ExportPair[] = [];
  for await (const pair of readExportPairs(db, {
    review: 'accepted-only',
    ...(runIds ? { runIds } : {}),
  }))
    pairs.push(pair);
  return pairs;
}

/** A database with one run of `count` questions: every third rejected at the judge. */
async function seeded(count: number, runId = 'run-a') {
  db = new StudioDb(`review-${process.pid}-${n++}`);
  await db.open();
  await db.runs.add({
    id: runId,
    name: 'Run A',
    createdAt: 0,
    updatedAt: 0,
    status: 'done',
    config: defaultRunConfig(),
    backends: remoteBackends('http://x', 'backend-model'),
    progress: { attempts: count, kept: 0, rejected: {}, promptTokens: 0, completionTokens: 0 },
    appVersion: 't',
  });
  const questions: QuestionRecord[] = [];
  for (let i = 0; i < count; i++) {
    questions.push(
      i % 3 === 2
        ? makeQuestion(runId, i, { status: 'rejected', rejectedAt: 'judge' })
        : makeQuestion(runId, i),
    );
  }
  await db.questions.bulkAdd(questions);
  await db.solutions.bulkAdd(
    questions
      .filter((q) => q.chosenSolutionId)
      .flatMap((q) => [makeSolution(q, 0), makeSolution(q, 1, { chosen: false })]),
  );
  return questions;
}

describe('review repository', () => {
  it('keeps edits beside the originals, never overwriting them', async () => {
    await seeded(3);
    const stored = await saveReviewEdits(
      db,
      'run-a:0',
      { question: 'Edited question?', response: 'Edited answer \\boxed{0}' },
      42,
    );
    expect(stored).toEqual({
      question: 'Edited question?',
      response: 'Edited answer \\boxed{0}',
      editedAt: 42,
    });
    const q = await db.questions.get('run-a:0');
    expect(q?.text).toBe('Question 0?');
    expect(q?.review?.question).toBe('Edited question?');
    expect((await db.solutions.get('run-a:0:0'))?.text).toBe('Solution 0 of run-a:0: \\boxed{0}');
  });

  it('does not store an edit equal to the original, and can drop edits', async () => {
    await seeded(2);
    const original = (await db.solutions.get('run-a:1:0'))!.text;
    expect(
      await saveReviewEdits(db, 'run-a:1', { question: 'Question 1?', response: original }),
    ).toBeUndefined();
    expect((await db.questions.get('run-a:1'))?.review).toBeUndefined();
    await saveReviewEdits(db, 'run-a:1', { response: 'changed' });
    expect((await db.questions.get('run-a:1'))?.review?.response).toBe('changed');
    expect((await db.questions.get('run-a:1'))?.review?.question).toBeUndefined();
    await clearReviewEdits(db, 'run-a:1');
    expect((await db.questions.get('run-a:1'))?.review).toBeUndefined();
  });

  it('accepts, rejects and resets, visible through the [status+reviewStatus] index', async () => {
    await seeded(3);
    expect(await setReviewStatus(db, ['run-a:0', 'run-a:1'], 'accepted')).toBe(2);
    await setReviewStatus(db, ['run-a:2'], 'rejected');
    const count = (status: string, review: string) =>
      db.questions.where('[status+reviewStatus]').equals([status, review]).count();
    expect(await count('kept', 'accepted')).toBe(2);
    expect(await count('rejected', 'rejected')).toBe(1);
    await setReviewStatus(db, ['run-a:1'], 'pending');
    expect(await count('kept', 'accepted')).toBe(1);
    expect(await datasetSignature(db)).toMatchObject({ total: 3, accepted: 1, rejected: 1 });
  });

  it('bulk-reviews the current filter in chunks and reports progress', async () => {
    await seeded(30);
    const rows = await loadBrowseRows(db);
    const shown = browse(rows, defaultFilter(), defaultSort()); // kept only
    expect(shown).toHaveLength(20);
    const progress: number[] = [];
    const updated = await setReviewStatus(
      db,
      shown.map((r) => r.id),
      'accepted',
      { chunk: 7, onProgress: (done) => progress.push(done) },
    );
    expect(updated).toBe(20);
    expect(progress).toEqual([7, 14, 20]);
    const states = (await db.questions.toArray()).map((q) => [q.status, q.reviewStatus]);
    expect(states.filter(([, r]) => r === 'accepted').every(([s]) => s === 'kept')).toBe(true);
    expect(states.filter(([s]) => s === 'rejected').every(([, r]) => r === 'pending')).toBe(true);
  });

  it('exports accepted pairs with edits applied, in attempt order, by run', async () => {
    await seeded(6);
    await setReviewStatus(db, ['run-a:3', 'run-a:0', 'run-a:1', 'run-a:2'], 'accepted');
    await saveReviewEdits(db, 'run-a:1', { question: 'Better question?' });
    const pairs = await acceptedExport();
    // run-a:2 was rejected at the judge: not a kept pair, so never exported.
    expect(pairs.map((p) => p.query)).toEqual(['Question 0?', 'Better question?', 'Question 3?']);
    expect(pairs[1]).toMatchObject({ response: 'Solution 0 of run-a:1: \\boxed{1}' });
    expect(await acceptedExport(['other-run'])).toEqual([]);
    expect(await acceptedExport(['run-a'])).toHaveLength(3);
  });
});

describe('dataset query', () => {
  it('loads every row in chunks, with the chosen answer searchable', async () => {
    await seeded(4100);
    const rows = await loadBrowseRows(db);
    expect(rows).toHaveLength(4100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4100);
    const zero = rows.find((r) => r.id === 'run-a:0')!;
    expect(zero.searchText).toContain('solution 0 of run-a:0');
    expect(zero.model).toBe('gen-model');
    expect(rows.filter((r) => r.status === 'rejected')).toHaveLength(1366);
  });

  it('loads only new rows since a time', async () => {
    await seeded(10);
    const fresh = await loadBrowseRows(db, { since: 1_008 });
    expect(fresh.map((r) => r.id).sort()).toEqual(['run-a:8', 'run-a:9']);
  });

  it('loads a pair with all solutions in order and its run', async () => {
    await seeded(2);
    const detail = await loadPairDetail(db, 'run-a:1');
    expect(detail?.solutions.map((s) => s.index)).toEqual([0, 1]);
    expect(detail?.run?.name).toBe('Run A');
    expect(await loadPairDetail(db, 'missing')).toBeUndefined();
  });
});

describe('packed (imported) pairs', () => {
  async function imported(count: number) {
    db = new StudioDb(`packed-${process.pid}-${n++}`);
    await db.open();
    const pairs = Array.from({ length: count }, (_, i) => ({
      query: `Packed question ${i}?`,
      response: `Packed answer \\boxed{${i}}`,
    }));
    return storeImportedPairs(db, { name: 'imp', source: 'imp.jsonl', pairs, appVersion: 't' });
  }
  const tally = async (runId: string) => (await db.runs.get(runId))?.packed;

  it('reviews across packs and keeps the run tally exact when a decision changes', async () => {
    const run = await imported(PACK_SIZE + 10);
    const ids = [0, 1, PACK_SIZE + 3].map((i) => `${run.id}:${i}`);
    expect(await setReviewStatus(db, ids, 'accepted', { chunk: 2 })).toBe(3);
    expect(await tally(run.id)).toEqual({ pairs: PACK_SIZE + 10, accepted: 3, rejected: 0 });
    // The same decision twice counts once; a changed one moves between the tallies.
    await setReviewStatus(db, ids.slice(0, 1), 'accepted');
    await setReviewStatus(db, ids.slice(1, 2), 'rejected');
    await setReviewStatus(db, ids.slice(2), 'pending');
    expect(await tally(run.id)).toEqual({ pairs: PACK_SIZE + 10, accepted: 1, rejected: 1 });
    expect(await datasetSignature(db)).toMatchObject({
      total: PACK_SIZE + 10,
      accepted: 1,
      rejected: 1,
    });
    const rows = await loadBrowseRows(db);
    expect(rows.filter((r) => r.reviewStatus !== 'pending').map((r) => r.id)).toEqual(
      ids.slice(0, 2),
    );
    // Ids that do not exist change nothing.
    expect(await setReviewStatus(db, [`${run.id}:${PACK_SIZE + 10}`, 'nope'], 'accepted')).toBe(0);
    expect(await tally(run.id)).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('keeps edits beside the packed originals, applies them on read, and drops them', async () => {
    const run = await imported(3);
    const id = `${run.id}:1`;
    const stored = await saveReviewEdits(db, id, {
      question: 'Packed question 1?',
      response: 'Better \\boxed{1}',
    });
    expect(stored).toMatchObject({ response: 'Better \\boxed{1}' });
    expect(stored?.question).toBeUndefined();
    const detail = (await loadPairDetail(db, id))!;
    expect(detail.question).toMatchObject({ text: 'Packed question 1?', review: stored });
    expect(detail.solutions.map((s) => s.text)).toEqual(['Packed answer \\boxed{1}']);
    expect(detail.run?.id).toBe(run.id);
    await setReviewStatus(db, [id], 'accepted');
    expect(await acceptedExport()).toMatchObject([
      { query: 'Packed question 1?', response: 'Better \\boxed{1}' },
    ]);
    await clearReviewEdits(db, id);
    expect((await loadPairDetail(db, id))!.question.review).toBeUndefined();
    expect((await acceptedExport())[0]).toMatchObject({ response: 'Packed answer \\boxed{1}' });
    await expect(saveReviewEdits(db, `${run.id}:9`, { question: 'x' })).rejects.toThrow(
      /no longer exists/,
    );
  });

  it('loads packs created after a time, and a missing pair as nothing', async () => {
    const run = await imported(2);
    const createdAt = (await db.runs.get(run.id))!.createdAt;
    expect(await loadBrowseRows(db, { since: createdAt })).toEqual([]);
    expect((await loadBrowseRows(db, { since: createdAt - 1 })).map((r) => r.id)).toEqual([
      `${run.id}:0`,
      `${run.id}:1`,
    ]);
    expect(await loadPairDetail(db, `${run.id}:2`)).toBeUndefined();
    expect(await loadPairDetail(db, 'not-an-id')).toBeUndefined();
  });

  it('feeds the near-duplicate index and the exact-duplicate check', async () => {
    await imported(2);
    expect((await listKeptQuestionTexts(db)).map((t) => t.text)).toEqual([
      'Packed question 0?',
      'Packed question 1?',
    ]);
    const store = new DexieRunStore(db);
    expect(await store.hasKeptQuestion(exactDuplicateKey('packed QUESTION 1?'))).toBe(true);
    expect(await store.hasKeptQuestion(exactDuplicateKey('Packed question 7?'))).toBe(false);
  });
});
