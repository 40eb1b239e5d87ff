import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import {
  deleteReferenceSet,
  listReferenceSets,
  putReferenceSet,
} from '../../../src/db/referenceSetRepository';
import { inThreadRunIndexes } from '../../../src/services/runIndexes';
import { gzipSync } from 'node:zlib';
import { fetchBundledReferenceSets } from '../../../src/services/builtInReferenceSets';
import { HARNESS_QUESTIONS, runWithService } from '../../support/runServiceHarness';
import { cardInput, dataChunks } from '../../../src/services/datasetExport';
import { datasetCard } from '../../../src/core/export/datasetCard';
import type { ReviewTally } from '../../../src/core/export/datasetCardInput';

let db: StudioDb | undefined;
afterEach(async () => {
  await db?.delete();
});

function open(): StudioDb {
  db = new StudioDb(`contamination-${Math.random()}`);
  return db;
}

const contaminationVerdict = (q: { verdicts: { stage: string }[] }) =>
  q.verdicts.find((v) => v.stage === 'contamination');

describe('contamination check in runs', () => {
  it('records the check as skipped, never passed, when there are no reference sets', async () => {
    const { questions, status } = await runWithService(open(), {});
    expect(status).toBe('done');
    expect(questions).toHaveLength(2);
    for (const q of questions) {
      expect(contaminationVerdict(q)).toEqual({
        stage: 'contamination',
        pass: true,
        skipped: true,
        reason: 'no reference set available',
      });
      expect(q.contamination).toBeUndefined();
    }
  });

  it('flags a generated question found in an imported reference set', async () => {
    const d = open();
    await putReferenceSet(d, {
      id: 'r1',
      name: 'my-benchmark',
      createdAt: 1,
      source: 'bench.jsonl',
      texts: ['An unrelated problem about trains leaving two stations.', HARNESS_QUESTIONS[1]!],
    });
    const { questions } = await runWithService(d, {});
    const [clean, copied] = questions;
    expect(clean!.status).toBe('kept');
    expect(clean!.contamination).toEqual({
      contaminated: false,
      overlap: 0,
      against: ['my-benchmark'],
    });
    expect(contaminationVerdict(clean!)).toMatchObject({
      pass: true,
      reason: 'no 13-gram shared with my-benchmark',
    });
    expect(copied!.status).toBe('kept');
    expect(copied!.contamination).toEqual({
      contaminated: true,
      source: 'my-benchmark',
      overlap: 1,
      against: ['my-benchmark'],
    });
    expect(contaminationVerdict(copied!)).toMatchObject({
      pass: true,
      reason: 'flagged: overlaps my-benchmark (100% of 13-grams)',
    });
  });

  it('carries the verdicts into the exports and the card states what was found', async () => {
    const d = open();
    await putReferenceSet(d, {
      id: 'r-export',
      name: 'my-benchmark',
      createdAt: 1,
      source: 'bench.jsonl',
      texts: [HARNESS_QUESTIONS[1]!],
    });
    await runWithService(d, {});
    const tally = new Map<string, ReviewTally>();
    const options = { format: 'scalequest' as const, tally };
    let text = '';
    for await (const chunk of dataChunks(d, options)) text += chunk as string;
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.contaminated, l.contamination_source])).toEqual([
      [false, null],
      [true, 'my-benchmark'],
    ]);
    const card = datasetCard(await cardInput(d, options, 'data.jsonl', tally));
    expect(card).toContain('2 generated questions were checked for contamination by word 13-grams');
    expect(card).toContain(
      '1 question overlapped one of those sets: 0 dropped by the run settings, 1 kept and flagged in this data.',
    );
    expect(card).toContain('The 1 flagged pair is marked `contaminated: true`');
  });

  it('drops it when the run says drop', async () => {
    const d = open();
    await putReferenceSet(d, {
      id: 'r1',
      name: 'my-benchmark',
      createdAt: 1,
      source: 'bench.jsonl',
      texts: [HARNESS_QUESTIONS[0]!],
    });
    const { questions } = await runWithService(d, {
      contamination: { enabled: true, ngram: 13, action: 'drop' },
    });
    expect(questions[0]).toMatchObject({ status: 'rejected', rejectedAt: 'contamination' });
    expect(contaminationVerdict(questions[0]!)).toMatchObject({
      pass: false,
      reason: 'overlaps my-benchmark (100% of 13-grams)',
    });
    expect(questions[1]!.status).toBe('kept');
  });

  it('uses the built-in sets listed in reference-sets/index.json, gzipped or not', async () => {
    const lines = (texts: string[]) => `${texts.map((t) => JSON.stringify(t)).join('\n')}\n`;
    const files: Record<string, Uint8Array | string> = {
      'https://app.test/reference-sets/index.json': JSON.stringify([
        { source: 'gsm8k-test', file: 'gsm8k-test.abc.jsonl.gz' },
        { source: 'math500-test', file: 'math500-test.def.jsonl.gz' },
        { source: 'not-built-in', file: 'other.jsonl.gz' },
      ]),
      'https://app.test/reference-sets/gsm8k-test.abc.jsonl.gz': gzipSync(
        lines([HARNESS_QUESTIONS[0]!]),
      ),
      // A server that decoded the file on the way (Content-Encoding) hands over plain text.
      'https://app.test/reference-sets/math500-test.def.jsonl.gz': lines(['Compute $1+1$.']),
      'https://app.test/reference-sets/other.jsonl.gz': lines(['ignored']),
    };
    const fetchFn = (url: string) =>
      Promise.resolve(
        files[url] === undefined
          ? new Response('', { status: 404 })
          : new Response(files[url] as BodyInit),
      );
    const bundled = fetchBundledReferenceSets(fetchFn, 'https://app.test/');
    expect(await bundled()).toEqual([
      { source: 'gsm8k-test', texts: [HARNESS_QUESTIONS[0]] },
      { source: 'math500-test', texts: ['Compute $1+1$.'] },
    ]);
    const { questions } = await runWithService(
      open(),
      {},
      { indexes: inThreadRunIndexes(bundled) },
    );
    expect(questions[0]!.contamination).toMatchObject({ contaminated: true, source: 'gsm8k-test' });
    expect(questions[1]!.contamination).toMatchObject({ contaminated: false });
  });

  it('treats a missing built-in index as no built-in sets', async () => {
    const missing = fetchBundledReferenceSets(
      () => Promise.resolve(new Response('', { status: 404 })),
      '/',
    );
    expect(await missing()).toEqual([]);
    const offline = fetchBundledReferenceSets(() => Promise.reject(new TypeError('offline')), '/');
    expect(await offline()).toEqual([]);
  });
});

describe('referenceSetRepository', () => {
  it('lists oldest first, replaces by id and deletes', async () => {
    const d = open();
    const row = (id: string, createdAt: number) => ({
      id,
      name: id,
      createdAt,
      source: `${id}.jsonl`,
      texts: [`text of ${id}`],
    });
    await putReferenceSet(d, row('b', 2));
    await putReferenceSet(d, row('a', 1));
    await putReferenceSet(d, { ...row('b', 2), name: 'renamed' });
    expect((await listReferenceSets(d)).map((r) => [r.id, r.name])).toEqual([
      ['a', 'a'],
      ['b', 'renamed'],
    ]);
    await deleteReferenceSet(d, 'a');
    expect((await listReferenceSets(d)).map((r) => r.id)).toEqual(['b']);
  });
});
