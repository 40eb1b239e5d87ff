import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { DexieCustomModelStore } from '../../../src/db/customModelRepository';
import { deleteRun, getRun } from '../../../src/db/runRepository';
import { storeImportedPairs } from '../../../src/db/importRepository';
import { datasetSignature, loadBrowseRows } from '../../../src/db/datasetQuery';
import { setReviewStatus } from '../../../src/db/reviewRepository';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { exactDuplicateKey } from '../../../src/core/dedup/normalizeQuestion';
import { readExportPairs } from '../../../src/db/exportReader';
import { ensureRunAggregates } from '../../../src/db/runAggregatesRepository';
import { defaultRunConfig, type RunConfig } from '../../../src/core/pipeline/runConfig';
import { emptyProgress } from '../../../src/core/pipeline/records';
import type { StoredCustomModel } from '../../../src/engine/webllm/customModelStore';

let n = 0;
const open: Dexie[] = [];
const dbName = () => `versions-${process.pid}-${n++}`;

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** The released v1 schema, copied verbatim: a database as an older studio left it. */
function openV1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    runs: 'id, createdAt, status',
    questions: 'id, runId, [runId+index], status, [status+dedupKey], createdAt',
    solutions: 'id, questionId, runId',
  });
  return db;
}

/** The released v3 schema, copied verbatim. */
function openV3(name: string): Dexie {
  const db = openV1(name);
  db.version(2).stores({ customModels: 'id' });
  db.version(3).stores({
    projects: 'id, createdAt',
    runs: 'id, createdAt, status, projectId',
    questions:
      'id, runId, [runId+index], status, [status+dedupKey], createdAt, [status+reviewStatus]',
    requestCache: 'key, runId, createdAt',
    runEvents: '++id, runId, [runId+at]',
    referenceSets: 'id, createdAt',
  });
  return db;
}

/** The released v4 schema, copied verbatim. */
function openV4(name: string): Dexie {
  const db = openV3(name);
  db.version(4).stores({
    questions: 'id, [runId+index], [status+dedupKey], createdAt, [status+reviewStatus]',
  });
  return db;
}

/** The released v5 schema, copied verbatim. */
function openV5(name: string): Dexie {
  const db = openV4(name);
  db.version(5).stores({ pairPacks: 'id, [runId+first], createdAt, *dedupKeys' });
  return db;
}

/** The released v6 schema, copied verbatim. */
function openV6(name: string): Dexie {
  const db = openV5(name);
  db.version(6).stores({ runAggregates: 'runId' });
  return db;
}

/** The released v7 schema, copied verbatim (its upgrade rewrote run backends). */
function openV7(name: string): Dexie {
  const db = openV6(name);
  db.version(7).stores({});
  return db;
}

const LATEST = 8;

type OldBackend =
  | { kind: 'remote'; baseUrl: string; model: string; groupId?: string; replicas?: object[] }
  | { kind: 'webllm'; modelId: string };

/** A run row as versions before v7 wrote it: one `backend`, per-role entries in `roles`. */
async function putOldRun(
  db: Dexie,
  fields: {
    name: string;
    config: RunConfig;
    backend: OldBackend;
    roles?: Record<string, OldBackend>;
    kind?: 'imported';
    appVersion: string;
  },
) {
  const row = {
    id: crypto.randomUUID(),
    createdAt: 1,
    updatedAt: 1,
    status: 'ready',
    progress: emptyProgress(),
    ...fields,
  };
  await db.table('runs').add(row);
  return row;
}

const custom = (id: string, addedAt: number): StoredCustomModel => ({
  record: {
    model: `http://127.0.0.1:9000/${id}/`,
    model_id: id,
    model_lib: `http://127.0.0.1:9000/${id}.wasm`,
  },
  family: 'qwen2',
  addedAt,
});

describe('StudioDb schema versions', () => {
  it('opens a v1 database as the latest version and keeps its runs', async () => {
    const name = dbName();
    const v1 = openV1(name);
    const run = await putOldRun(v1, {
      name: 'old run',
      config: defaultRunConfig({ targetPairs: 3 }),
      backend: { kind: 'remote', baseUrl: 'http://x', model: 'm' },
      appVersion: 'v1',
    });
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = new StudioDb(name);
    open.push(v2);
    await v2.open();
    expect(v2.verno).toBe(LATEST);
    const kept = await getRun(v2, run.id);
    expect(kept?.name).toBe('old run');
    expect(kept?.config.targetPairs).toBe(3);
    expect(await v2.customModels.count()).toBe(0);
  });

  it('opens a v2 database as the latest: runs kept, questions pending review, no projects', async () => {
    const name = dbName();
    const v2 = openV1(name);
    v2.version(2).stores({ customModels: 'id' });
    const run = await putOldRun(v2, {
      name: 'v2 run',
      config: defaultRunConfig({ targetPairs: 1 }),
      backend: { kind: 'remote', baseUrl: 'http://x', model: 'm' },
      appVersion: 'v2',
    });
    // A real v2 row had no projectId.
    await v2.table('runs').update(run.id, { projectId: undefined });
    await v2.table('questions').add({ id: `${run.id}:0`, runId: run.id, index: 0, status: 'kept' });
    expect(v2.verno).toBe(2);
    v2.close();

    const v3 = new StudioDb(name);
    open.push(v3);
    await v3.open();
    expect(v3.verno).toBe(LATEST);
    expect(v3.tables.map((t) => t.name)).not.toContain('projects');
    expect(await getRun(v3, run.id)).not.toHaveProperty('projectId');
    const q = await v3.questions.get(`${run.id}:0`);
    expect(q?.reviewStatus).toBe('pending');
    expect(
      await v3.questions.where('[status+reviewStatus]').equals(['kept', 'pending']).count(),
    ).toBe(1);
    expect(await v3.requestCache.count()).toBe(0);
  });

  it('opens a v3 database as v4: runId/status indexes gone, old rows still export their chosen texts', async () => {
    const name = dbName();
    const v3 = openV3(name);
    const run = await putOldRun(v3, {
      name: 'v3 run',
      config: defaultRunConfig({ targetPairs: 3 }),
      backend: { kind: 'remote', baseUrl: 'http://x', model: 'm' },
      appVersion: 'v3',
    });
    const q = (index: number, chosen: string | null, status = 'kept') => ({
      id: `${run.id}:${index}`,
      runId: run.id,
      index,
      status,
      text: `Q${index}?`,
      dedupKey: `key-${index}`,
      reviewStatus: 'pending',
      chosenSolutionId: chosen,
    });
    await v3
      .table('questions')
      .bulkAdd([q(0, `${run.id}:0:1`), q(1, null, 'rejected'), q(2, `${run.id}:2:0`)]);
    await v3.table('solutions').bulkAdd([
      { id: `${run.id}:0:0`, questionId: `${run.id}:0`, runId: run.id, text: 'not chosen' },
      { id: `${run.id}:0:1`, questionId: `${run.id}:0`, runId: run.id, text: 'chosen zero' },
      { id: `${run.id}:2:0`, questionId: `${run.id}:2`, runId: run.id, text: 'chosen two' },
    ]);
    v3.close();

    const v4 = new StudioDb(name);
    open.push(v4);
    await v4.open();
    expect(v4.verno).toBe(LATEST);
    // Rows are left as they were; the export reader fetches their chosen solutions.
    expect((await v4.questions.get(`${run.id}:0`))?.chosenResponse).toBeUndefined();
    const exported = [];
    for await (const p of readExportPairs(v4)) exported.push(p.response);
    expect(exported).toEqual(['chosen zero', 'chosen two']);
    const indexes = v4.questions.schema.indexes.map((i) => i.name).sort();
    expect(indexes).toEqual([
      '[runId+index]',
      '[status+dedupKey]',
      '[status+reviewStatus]',
      'createdAt',
    ]);
    // Queries on the dropped indexes are served by the compound ones they lead.
    expect(await v4.questions.where('status').equals('kept').count()).toBe(2);
    expect(await v4.questions.where('runId').equals(run.id).count()).toBe(3);
  });

  it('opens a v4 database as v5: imported rows stay in questions and work beside packed imports', async () => {
    const name = dbName();
    const v4 = openV4(name);
    // An import as v4 stored it: a finished 'imported' run, one question and one solution row per pair.
    const old = await putOldRun(v4, {
      name: 'v4 import',
      config: defaultRunConfig({ targetPairs: 2 }),
      backend: { kind: 'remote', baseUrl: '', model: '' },
      appVersion: 'v4',
    });
    await v4.table('runs').update(old.id, { kind: 'imported', status: 'done' });
    const row = (index: number) => ({
      id: `${old.id}:${index}`,
      runId: old.id,
      index,
      status: 'kept',
      text: `Old question ${index}?`,
      dedupKey: exactDuplicateKey(`Old question ${index}?`),
      reviewStatus: 'pending',
      chosenSolutionId: `${old.id}:${index}:0`,
      chosenResponse: `Old answer ${index}`,
      createdAt: 1,
      verdicts: [],
      generation: { prompt: '', rawText: '', finishReason: 'stop', seed: 0, model: 'imported' },
      majorityAnswer: null,
      agreement: 1,
    });
    await v4.table('questions').bulkAdd([row(0), row(1)]);
    await v4.table('solutions').bulkAdd(
      [0, 1].map((i) => ({
        id: `${old.id}:${i}:0`,
        questionId: `${old.id}:${i}`,
        runId: old.id,
        index: 0,
        text: `Old answer ${i}`,
      })),
    );
    v4.close();

    const v5 = new StudioDb(name);
    open.push(v5);
    await v5.open();
    expect(v5.verno).toBe(LATEST);
    expect(await v5.pairPacks.count()).toBe(0);
    const fresh = await storeImportedPairs(v5, {
      name: 'v5 import',
      source: 'new.jsonl',
      pairs: [{ query: 'New question?', response: 'New answer \\boxed{1}' }],
      appVersion: 'v5',
    });
    expect(await v5.questions.count()).toBe(2);
    expect(await v5.pairPacks.count()).toBe(1);
    // Both layouts browse, review, dedup and export alike.
    expect((await loadBrowseRows(v5)).map((r) => r.title).sort()).toEqual([
      'New question?',
      'Old question 0?',
      'Old question 1?',
    ]);
    await setReviewStatus(v5, [`${old.id}:1`, `${fresh.id}:0`], 'accepted');
    expect(await datasetSignature(v5)).toMatchObject({ total: 3, accepted: 2, rejected: 0 });
    const accepted = [];
    for await (const p of readExportPairs(v5, { review: 'accepted-only' }))
      accepted.push(p.response);
    expect(accepted.sort()).toEqual(['New answer \\boxed{1}', 'Old answer 1']);
    const store = new DexieRunStore(v5);
    expect(await store.hasKeptQuestion(exactDuplicateKey('Old question 0?'))).toBe(true);
    expect(await store.hasKeptQuestion(exactDuplicateKey('New question?'))).toBe(true);
    await deleteRun(v5, old.id);
    await deleteRun(v5, fresh.id);
    expect([
      await v5.questions.count(),
      await v5.solutions.count(),
      await v5.pairPacks.count(),
    ]).toEqual([0, 0, 0]);
  });

  it('opens a v5 database as v6: a run gets its aggregates computed once from its rows', async () => {
    const name = dbName();
    const v5 = openV5(name);
    const run = await putOldRun(v5, {
      name: 'v5 run',
      config: defaultRunConfig({ targetPairs: 2 }),
      backend: { kind: 'remote', baseUrl: 'http://x', model: 'm' },
      appVersion: 'v5',
    });
    const row = (index: number, kept: boolean) => ({
      id: `${run.id}:${index}`,
      runId: run.id,
      index,
      status: kept ? 'kept' : 'rejected',
      ...(kept ? {} : { rejectedAt: 'contamination' }),
      text: `Question ${index}?`,
      dedupKey: `k${index}`,
      reviewStatus: 'pending',
      chosenSolutionId: kept ? `${run.id}:${index}:0` : null,
      createdAt: 60_000 * index,
      // As v5 wrote them: contamination without reference sets "passed" with a "skipped:" note.
      verdicts: [
        { stage: 'generate', pass: true },
        { stage: 'language', pass: true },
        kept
          ? { stage: 'contamination', pass: true, reason: 'skipped: no reference sets' }
          : {
              stage: 'contamination',
              pass: false,
              reason: 'overlaps gsm8k-test (40% of 13-grams)',
            },
      ],
      tokens: { generate: { promptTokens: 1, completionTokens: 9 } },
      generation: { prompt: '', rawText: '', finishReason: 'stop', seed: 0, model: 'm' },
      majorityAnswer: null,
      agreement: 0,
    });
    await v5.table('questions').bulkAdd([row(0, true), row(1, false), row(2, true)]);
    v5.close();

    const v6 = new StudioDb(name);
    open.push(v6);
    await v6.open();
    expect(v6.verno).toBe(LATEST);
    expect(await v6.runAggregates.count()).toBe(0);
    const agg = await ensureRunAggregates(v6, run.id);
    expect(agg).toMatchObject({ attempts: 3, kept: 2 });
    expect(agg!.stages.contamination).toEqual({ reached: 3, passed: 0, failed: 1, skipped: 2 });
    expect(agg!.tokens.generate).toEqual({ promptTokens: 3, completionTokens: 27 });
    expect(await v6.runAggregates.count()).toBe(1);
  });

  it('opens a v6 database as v7: every run stored in an older backend shape gets `backends`', async () => {
    const name = dbName();
    const v6 = openV6(name);
    const config = defaultRunConfig({ targetPairs: 2 });
    const single = await putOldRun(v6, {
      name: 'one server',
      config,
      backend: { kind: 'remote', baseUrl: 'http://gpu:8000', model: 'qwen' },
      appVersion: 'v1',
    });
    const group = {
      kind: 'remote' as const,
      baseUrl: 'http://a:8000',
      model: 'qwen',
      groupId: 'g1',
      replicas: [
        { baseUrl: 'http://a:8000', model: 'qwen' },
        { baseUrl: 'http://b:8000', model: 'qwen' },
      ],
    };
    const perRole = await putOldRun(v6, {
      name: 'per role',
      config,
      backend: group,
      roles: {
        generate: group,
        judge: { kind: 'webllm', modelId: 'Qwen-0.5B' },
        solve: group,
      },
      appVersion: 'v6',
    });
    const imported = await putOldRun(v6, {
      name: 'import',
      kind: 'imported',
      config,
      backend: { kind: 'remote', baseUrl: '', model: '' },
      appVersion: 'v6',
    });
    expect(v6.verno).toBe(6);
    v6.close();

    const v7 = new StudioDb(name);
    open.push(v7);
    await v7.open();
    expect(v7.verno).toBe(LATEST);
    const server = { kind: 'remote', replicas: [{ baseUrl: 'http://gpu:8000', model: 'qwen' }] };
    expect((await getRun(v7, single.id))?.backends).toEqual({
      generate: server,
      judge: server,
      solve: server,
      score: server,
    });
    const replicas = { kind: 'remote', groupId: 'g1', replicas: group.replicas };
    const local = { kind: 'webllm', modelId: 'Qwen-0.5B' };
    // A role without its own entry used `backend`, except score, which followed the judge.
    expect((await getRun(v7, perRole.id))?.backends).toEqual({
      generate: replicas,
      judge: local,
      solve: replicas,
      score: local,
    });
    expect((await getRun(v7, imported.id))?.backends).toBeUndefined();
    // The older fields are gone from every row, and nothing else changed.
    for (const row of await v7.runs.toArray()) {
      expect(row).not.toHaveProperty('backend');
      expect(row).not.toHaveProperty('roles');
    }
    expect((await getRun(v7, perRole.id))?.config).toEqual(config);
    expect((await getRun(v7, single.id))?.name).toBe('one server');
  });

  it("opens a v7 database as v8: the projects table and every run's projectId are gone", async () => {
    const name = dbName();
    const v7 = openV7(name);
    await v7.table('projects').add({ id: 'default', name: 'My dataset', createdAt: 1 });
    const config = defaultRunConfig({ targetPairs: 2 });
    const stored = {
      id: 'r1',
      projectId: 'default',
      name: 'kept as it was',
      createdAt: 1,
      updatedAt: 2,
      status: 'paused',
      config,
      backends: {
        generate: { kind: 'webllm', modelId: 'm' },
        judge: { kind: 'webllm', modelId: 'm' },
        solve: { kind: 'webllm', modelId: 'm' },
        score: { kind: 'webllm', modelId: 'm' },
      },
      progress: emptyProgress(),
      appVersion: 'v7',
    };
    await v7.table('runs').add(stored);
    expect(v7.verno).toBe(7);
    v7.close();

    const v8 = new StudioDb(name);
    open.push(v8);
    await v8.open();
    expect(v8.verno).toBe(LATEST);
    expect(v8.tables.map((t) => t.name)).not.toContain('projects');
    const { projectId: _dropped, ...rest } = stored;
    expect(await getRun(v8, 'r1')).toEqual(rest);
    expect(await v8.runs.where('status').equals('paused').count()).toBe(1);
  });

  it('creates no projects table in a fresh database', async () => {
    const db = new StudioDb(dbName());
    open.push(db);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('projects');
  });

  it('stores custom models across reopen, in the order they were added', async () => {
    const name = dbName();
    const first = new StudioDb(name);
    const store = new DexieCustomModelStore(first);
    await store.put(custom('b-model', 2));
    await store.put(custom('a-model', 1));
    await store.put({ ...custom('b-model', 2), family: 'llama3' });
    first.close();

    const again = new StudioDb(name);
    open.push(again);
    const reopened = new DexieCustomModelStore(again);
    const list = await reopened.list();
    expect(list.map((m) => [m.record.model_id, m.family])).toEqual([
      ['a-model', 'qwen2'],
      ['b-model', 'llama3'],
    ]);
    expect(list[0]).not.toHaveProperty('id');
    await reopened.delete('a-model');
    expect((await reopened.list()).map((m) => m.record.model_id)).toEqual(['b-model']);
  });
});
