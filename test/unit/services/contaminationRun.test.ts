import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import {
  deleteReferenceSet,
  listReferenceSets,
  saveReferenceSet,
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

/** Imports a reference set named my-benchmark holding `texts`, as the Import panel does. */
const importBenchmark = (d: StudioDb, texts: string[]) =>
  saveReferenceSet(d, { name: 'my-benchmark', source: 'bench.jsonl', texts });

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
    await importBenchmark(d, [
      'An unrelated problem about trains leaving two stations.',
      HARNESS_QUESTIONS[1]!,
    ]);
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
    await importBenchmark(d, [HARNESS_QUESTIONS[1]!]);
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
    await importBenchmark(d, [HARNESS_QUESTIONS[0]!]);
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

  it('checks against a reference set written again under its id, not its old texts', async () => {
    const d = open();
    const set = await importBenchmark(d, [HARNESS_QUESTIONS[0]!]);
    const first = await runWithService(d, {});
    expect(first.questions.map((q) => q.contamination?.contaminated)).toEqual([true, false]);
    // The same set (id, name, time, size) with other texts, as a restored backup would write it.
    const others = [
      'A train leaves the station at nine travelling at sixty miles per hour toward a city one hundred and eighty miles away. When does it arrive?',
      'A baker bakes twelve trays of rolls with eight rolls on each tray and sells all but five of them. How many rolls did the baker sell?',
    ];
    await d.referenceSets.put({ ...set, texts: [others[1]!] });
    const second = await runWithService(d, {}, {}, (seed) => others[seed % 2]!);
    expect(second.questions.map((q) => [q.text, q.contamination?.contaminated])).toEqual([
      [others[0], false],
      [others[1], true],
    ]);
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
  it('lists oldest first and deletes', async () => {
    const d = open();
    const save = (name: string) =>
      saveReferenceSet(d, { name, source: `${name}.jsonl`, texts: [name] });
    const older = await save('older');
    await new Promise((resolve) => setTimeout(resolve, 2));
    const newer = await save('newer');
    expect((await listReferenceSets(d)).map((r) => [r.id, r.name, r.texts])).toEqual([
      [older.id, 'older', ['older']],
      [newer.id, 'newer', ['newer']],
    ]);
    await deleteReferenceSet(d, older.id);
    expect((await listReferenceSets(d)).map((r) => r.id)).toEqual([newer.id]);
  });
});
