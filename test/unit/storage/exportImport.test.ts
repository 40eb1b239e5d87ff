import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { unzipSync, strFromU8 } from 'fflate';
import { StudioDb } from '../../../src/db/studioDb';
import { countExportPairs, readExportPairs } from '../../../src/db/exportReader';
import { createRun } from '../../../src/db/runRepository';
import { DexieRunStore } from '../../../src/db/dexieRunStore';
import { PACK_SIZE, packedQuestion, packedSolution, packPairs } from '../../../src/db/pairPacks';
import { listRunQuestions, listSolutions } from '../../../src/db/pairRepository';
import { saveReviewEdits, setReviewStatus } from '../../../src/db/reviewRepository';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { createQuestionRun, storeImportedPairs } from '../../../src/db/importRepository';
import {
  listReferenceSetSummaries,
  saveReferenceSet,
  deleteReferenceSet,
} from '../../../src/db/referenceSetRepository';
import { datasetExportFiles } from '../../../src/services/datasetExport';
import { collectBlob, exportFileName } from '../../../src/services/exportFormats';
import { fileFromBytes, importFile } from '../../../src/core/import/importFile';
import { listRunEvents } from '../../../src/db/runEventRepository';
import { remoteBackends } from '../../support/backends';

let db: StudioDb;
afterEach(async () => {
  await db?.delete();
});

async function withPairs(n: number, name = 'set') {
  const pairs = Array.from({ length: n }, (_, i) => ({
    query: `Question ${i}?`,
    response: `Answer ${i}: \\boxed{${i}}`,
  }));
  return storeImportedPairs(db, { name, source: `${name}.jsonl`, pairs, appVersion: 't' });
}

/** Pairs written the pipeline's way: a generated run, one saved question at a time. */
async function withRows(n: number) {
  const run = await createRun(db, {
    name: 'rows',
    config: defaultRunConfig({ targetPairs: n }),
    backends: remoteBackends('http://x', 'm'),
    appVersion: 't',
  });
  const pairs = Array.from({ length: n }, (_, i) => ({
    query: `Question ${i}?`,
    response: `Answer ${i}: \\boxed{${i}}`,
  }));
  const store = new DexieRunStore(db);
  for (const pack of packPairs(run.id, pairs, Date.now()))
    for (const pair of pack.pairs)
      await store.saveQuestion(packedQuestion(pack, pair), [packedSolution(run.id, pair)]);
  return run;
}

async function bytesOf(file: { chunks: Iterable<unknown> | AsyncIterable<unknown> }) {
  return new Uint8Array(await (await collectBlob(file as never)).arrayBuffer());
}

describe('imports', () => {
  it('stores valid pairs as a finished imported run, review pending', async () => {
    db = new StudioDb(`imp-${Math.random()}`);
    const text = [
      JSON.stringify({ query: 'What is 2+2?', response: 'It is \\boxed{4}.' }),
      JSON.stringify({ query: 'What is 3+3?' }),
      JSON.stringify({ query: 'What is 5+5?', response: 'Ten: \\boxed{10}' }),
    ].join('\n');
    const { records, report } = await importFile(
      fileFromBytes('p.jsonl', new TextEncoder().encode(text)),
      {
        kind: 'pairs',
      },
    );
    expect(report).toMatchObject({ accepted: 2, rejectedTotal: 1 });
    const run = await storeImportedPairs(db, {
      name: 'p',
      source: 'p.jsonl',
      pairs: records.map((r) => ({ query: r.query, response: r.response })),
      appVersion: 't',
    });
    const stored = (await db.runs.get(run.id))!;
    expect(stored).toMatchObject({
      kind: 'imported',
      status: 'done',
      progress: { attempts: 2, kept: 2 },
    });
    expect(stored.packed).toEqual({ pairs: 2, accepted: 0, rejected: 0 });
    const questions = await listRunQuestions(db, run.id);
    expect(questions.map((q) => [q.text, q.status, q.reviewStatus, q.majorityAnswer])).toEqual([
      ['What is 5+5?', 'kept', 'pending', '10'],
      ['What is 2+2?', 'kept', 'pending', '4'],
    ]);
    expect(await listSolutions(db, `${run.id}:1`)).toMatchObject([
      { id: `${run.id}:1:0`, text: 'Ten: \\boxed{10}', answer: '10', chosen: true },
    ]);
    // Packed many to a record: no question or solution rows.
    expect([await db.questions.count(), await db.solutions.count()]).toEqual([0, 0]);
    expect(await db.pairPacks.count()).toBe(1);
    expect((await listRunEvents(db, run.id)).map((e) => e.kind)).toEqual(['imported']);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    db = new StudioDb(`imp-fail-${Math.random()}`);
    let n = 0;
    db.pairPacks.hook('creating', () => {
      if (++n === 2) throw new Error('disk said no');
    });
    await expect(withPairs(3 * PACK_SIZE)).rejects.toThrow();
    expect(await db.runs.count()).toBe(0);
    expect(await db.pairPacks.count()).toBe(0);
    expect(await db.runEvents.count()).toBe(0);
  });

  it('creates a run that carries imported questions as its source', async () => {
    db = new StudioDb(`imp-q-${Math.random()}`);
    const run = await createQuestionRun(db, {
      name: 'q',
      source: 'q.jsonl',
      questions: ['A?', 'B?', 'C?'],
      backends: remoteBackends('http://x', 'm'),
      appVersion: 't',
    });
    const stored = (await db.runs.get(run.id))!;
    expect(stored.status).toBe('ready');
    expect(stored.config.source).toEqual({
      kind: 'imported',
      name: 'q.jsonl',
      questions: ['A?', 'B?', 'C?'],
    });
    expect(stored.config).toMatchObject({ targetPairs: 3, maxAttempts: 3 });
  });

  it('lists and deletes reference sets', async () => {
    db = new StudioDb(`ref-${Math.random()}`);
    const a = await saveReferenceSet(db, { name: 'gsm', source: 'gsm.jsonl', texts: ['x', 'y'] });
    expect(await listReferenceSetSummaries(db)).toMatchObject([
      { id: a.id, name: 'gsm', count: 2 },
    ]);
    await deleteReferenceSet(db, a.id);
    expect(await listReferenceSetSummaries(db)).toEqual([]);
  });
});

describe('exports', () => {
  it('reads every kept pair in pages, run by run in attempt order', async () => {
    db = new StudioDb(`exp-${Math.random()}`);
    const first = await withPairs(7, 'a');
    const second = await withPairs(3, 'b');
    const all = [];
    for await (const p of readExportPairs(db, { pageSize: 3 })) all.push(p);
    expect(all.map((p) => `${p.runId === first.id ? 'a' : 'b'}${p.query}`)).toEqual([
      ...Array.from({ length: 7 }, (_, i) => `aQuestion ${i}?`),
      ...Array.from({ length: 3 }, (_, i) => `bQuestion ${i}?`),
    ]);
    const onlyB = [];
    for await (const p of readExportPairs(db, { runIds: [second.id], pageSize: 2 })) onlyB.push(p);
    expect(onlyB).toHaveLength(3);
  });

  it('reads packed runs across pack boundaries in order, and counts them', async () => {
    db = new StudioDb(`exp-packs-${Math.random()}`);
    const n = 2 * PACK_SIZE + 5;
    const run = await withPairs(n, 'big');
    const rows = await withRows(3);
    const read = [];
    for await (const p of readExportPairs(db, { pageSize: 50 })) read.push(p.query);
    expect(read).toEqual([
      ...Array.from({ length: n }, (_, i) => `Question ${i}?`),
      ...Array.from({ length: 3 }, (_, i) => `Question ${i}?`),
    ]);
    expect(await countExportPairs(db)).toBe(n + 3);
    expect(await countExportPairs(db, { runIds: [run.id] })).toBe(n);
    expect(await countExportPairs(db, { runIds: [rows.id] })).toBe(3);
    await setReviewStatus(db, [`${run.id}:${PACK_SIZE}`, `${rows.id}:0`], 'accepted');
    expect(await countExportPairs(db, { review: 'accepted-only' })).toBe(2);
    await setReviewStatus(db, [`${run.id}:1`, `${rows.id}:2`], 'rejected');
    expect(await countExportPairs(db)).toBe(n + 3 - 2);
    expect(await countExportPairs(db, { runIds: [run.id, rows.id] })).toBe(n + 3 - 2);
  });

  it('stores the chosen text on each question and reads solutions only for rows without it', async () => {
    db = new StudioDb(`exp-mixed-${Math.random()}`);
    const run = await withRows(5);
    expect((await db.questions.get(`${run.id}:2`))?.chosenResponse).toBe('Answer 2: \\boxed{2}');
    // Rows as a pre-v4 studio or a hand-written fixture left them: no copied text.
    for (const i of [1, 3]) {
      await db.questions.update(`${run.id}:${i}`, { chosenResponse: undefined });
      await db.solutions.update(`${run.id}:${i}:0`, { text: `Solution row ${i}` });
    }
    await db.solutions.delete(`${run.id}:3:0`);
    const read = [];
    for await (const p of readExportPairs(db, { pageSize: 2 })) read.push(p.response);
    expect(read).toEqual([
      'Answer 0: \\boxed{0}',
      'Solution row 1',
      'Answer 2: \\boxed{2}',
      'Answer 4: \\boxed{4}',
    ]);
  });

  it.each([
    ['imported (packed)', withPairs],
    ['generated (rows)', withRows],
  ])(
    'by default exports every kept pair except rejected ones, edits applied, and the card says so: %s',
    async (_, seed) => {
      db = new StudioDb(`exp-default-${Math.random()}`);
      const run = await seed(5);
      await setReviewStatus(db, [`${run.id}:1`], 'accepted');
      await setReviewStatus(db, [`${run.id}:2`, `${run.id}:4`], 'rejected');
      await saveReviewEdits(db, `${run.id}:3`, { response: 'Edited A \\boxed{3}' });
      const [file, card] = await datasetExportFiles(db, { format: 'scalequest', card: true });
      const lines = new TextDecoder()
        .decode(await bytesOf(file!))
        .trimEnd()
        .split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
        { query: 'Question 0?', response: 'Answer 0: \\boxed{0}' },
        { query: 'Question 1?', response: 'Answer 1: \\boxed{1}' },
        { query: 'Question 3?', response: 'Edited A \\boxed{3}' },
      ]);
      const text = new TextDecoder().decode(await bytesOf(card!));
      expect(text).toContain('- Pairs: 3\n');
      expect(text).toContain('- Review rule: every kept pair except those rejected in review');
      expect(text).toContain(
        '- Pairs by review state: 1 accepted + 2 not reviewed included; left out: 2 rejected; 1 pair written with a person’s edits',
      );
    },
  );

  it.each([
    ['imported (packed)', withPairs],
    ['generated (rows)', withRows],
  ])(
    'exports accepted pairs only, with review edits replacing the originals: %s',
    async (_, seed) => {
      db = new StudioDb(`exp-acc-${Math.random()}`);
      const run = await seed(4);
      await setReviewStatus(db, [`${run.id}:1`, `${run.id}:3`], 'accepted');
      await setReviewStatus(db, [`${run.id}:2`], 'rejected');
      await saveReviewEdits(db, `${run.id}:1`, {
        question: 'Edited Q?',
        response: 'Edited A \\boxed{1}',
      });
      const [file] = await datasetExportFiles(db, {
        format: 'scalequest',
        review: 'accepted-only',
      });
      const lines = new TextDecoder()
        .decode(await bytesOf(file!))
        .trimEnd()
        .split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
        { query: 'Edited Q?', response: 'Edited A \\boxed{1}' },
        { query: 'Question 3?', response: 'Answer 3: \\boxed{3}' },
      ]);
    },
  );

  it('writes chat layouts with a system prompt, Parquet, and a card', async () => {
    db = new StudioDb(`exp-fmt-${Math.random()}`);
    await withPairs(2);
    const [messages, card] = await datasetExportFiles(db, {
      format: 'messages',
      system: 'Be brief.',
      card: true,
    });
    const row = JSON.parse(new TextDecoder().decode(await bytesOf(messages!)).split('\n')[0]!) as {
      messages: { role: string }[];
    };
    expect(row.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(card!.name).toBe('README.md');
    // One naming scheme for every export path (the Dataset's quick JSONL button names its file
    // with exportFileName('scalequest') too).
    expect(messages!.name).toMatch(/^scalequest-pairs-messages-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const [plain] = await datasetExportFiles(db, { format: 'scalequest' }, '2026-01-02');
    expect(plain!.name).toBe('scalequest-pairs-2026-01-02.jsonl');
    expect(exportFileName('scalequest', '2026-01-02')).toBe(plain!.name);
    expect(new TextDecoder().decode(await bytesOf(card!))).toMatch(/- Pairs: 2/);
    const [parquet] = await datasetExportFiles(db, { format: 'parquet' });
    const buffer = (await bytesOf(parquet!)).buffer;
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows.map((r) => r.query as string)).toEqual(['Question 0?', 'Question 1?']);
  });

  it('bundles data, card and run settings in one zip without any API key', async () => {
    db = new StudioDb(`exp-zip-${Math.random()}`);
    const run = await withPairs(2);
    await db.runs.update(run.id, {
      backends: remoteBackends('http://u:secretpw@host/v1', 'm'),
    });
    const [zip] = await datasetExportFiles(db, { format: 'sharegpt', zip: true }, '2026-01-01');
    expect(zip!.name).toBe('scalequest-dataset-2026-01-01.zip');
    const files = unzipSync(await bytesOf(zip!));
    // The card comes after the data, so it states what was written.
    expect(Object.keys(files)).toEqual(['data/train.jsonl', 'README.md', 'run-config.json']);
    expect(strFromU8(files['README.md']!)).toContain('- Pairs: 2\n');
    const config = strFromU8(files['run-config.json']!);
    expect(config).toContain(run.id);
    expect(config).not.toContain('secretpw');
    expect(strFromU8(files['data/train.jsonl']!).trimEnd().split('\n')).toHaveLength(2);
  });
});
