import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import {
  startTestServer,
  type ScriptedQuestion,
  type TestServer,
} from '../support/openAiTestServer';
import { openScreen } from './navigation';
import { connectScriptedServer, startRun } from './scriptedRun';
import { STAGES, type StageName } from '../../src/core/pipeline/records';
import { STAGE_LABELS } from '../../src/core/pipeline/stageLabels';
import { EXPORT_FORMATS } from '../../src/services/exportFormats';

/**
 * One run, rejected at every stage that can reject, then reviewed and edited: the dashboard's
 * figures, the stored aggregates, the dataset card's funnel and the rows of every export format
 * must all say the same thing. Each is read where a person (or a trainer) reads it, so the test
 * fails as soon as one of them drifts.
 */

const END = '<|im_end|>';
const agree = (answer: string) => [
  `Working it out gives \\boxed{${answer}}.`,
  `So the answer is \\boxed{${answer}}.`,
  `The result is \\boxed{${answer}}.`,
];
const JUDGE_NO = 'What colour is the number seven on a Tuesday afternoon in spring?';
/** Attempt i (seed i) writes question i: every stage that can reject gets one. */
const SCRIPT: ScriptedQuestion[] = [
  {
    continuation: `A baker makes 24 muffins and sells them in boxes of 4. How many boxes does she fill?${END}`,
    responses: agree('6'),
  },
  // Language: French.
  {
    continuation: `Combien font trois fois sept, divisé par un demi ? Réponds en détail.${END}`,
    responses: agree('42'),
  },
  {
    continuation: `Tom has 3 red marbles and twice as many blue marbles. How many marbles does he have in total?${END}`,
    responses: agree('9'),
  },
  // Generation: cut off before the end-of-turn token.
  {
    continuation: 'Find the sum of all positive divisors of 12, then subtract the number of',
    responses: agree('0'),
  },
  // Duplicates: the first question again, in other case and spacing.
  {
    continuation: `a baker makes 24 muffins and sells them in boxes of 4.   How many boxes does she fill?${END}`,
    responses: agree('6'),
  },
  // Contamination: a GSM8K test question, word for word (the studio carries that set).
  {
    continuation: `A robe takes 2 bolts of blue fiber and half that much white fiber.  How many bolts in total does it take?${END}`,
    responses: agree('3'),
  },
  // Judge: the server's judge says no to this one.
  { continuation: `${JUDGE_NO}${END}`, responses: agree('7') },
  // Solving: no solution states a final answer.
  {
    continuation: `How many apples are left if Maria eats some of the apples in her basket?${END}`,
    responses: ['It depends on how many she eats.', 'I cannot tell.', 'Not enough information.'],
  },
  // Difficulty: no two solutions agree (the studio's default band drops those).
  {
    continuation: `A train travels 180 km in 3 hours. What is its average speed in km per hour?${END}`,
    responses: ['It is \\boxed{50}.', 'It is \\boxed{60}.', 'It is \\boxed{70}.'],
  },
  {
    continuation: `If $x + 5 = 12$, what is $3x$?${END}`,
    responses: agree('21'),
  },
  {
    continuation: `A rectangle has a length of 9 cm and a width of 4 cm. What is its area in square centimetres?${END}`,
    responses: agree('36'),
  },
  {
    continuation: `Sara reads 15 pages a day. How many pages does she read in two weeks?${END}`,
    responses: agree('210'),
  },
];
const KEEP = 5;

type Counts = { reached: number; passed: number; failed: number; skipped: number };
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({
    questions: SCRIPT,
    judge: (question, oneToken) =>
      question.includes(JUDGE_NO)
        ? oneToken
          ? 'No'
          : 'It asks about no quantity at all.\nAnswer: No'
        : undefined,
  });
});
test.afterAll(async () => server?.close());

/** The funnel as the dashboard shows it, stage by stage. */
async function dashboardFunnel(page: Page): Promise<Record<StageName, Counts>> {
  const table = page.getByRole('table', { name: 'Questions per stage' });
  const out = {} as Record<StageName, Counts>;
  for (const stage of STAGES) {
    const row = table.locator(`tr[data-stage="${stage}"]`);
    const cell = async (col: string) =>
      digits(await row.locator(`[data-col="${col}"]`).textContent());
    out[stage] = {
      reached: await cell('reached'),
      passed: await cell('passed'),
      failed: await cell('failed'),
      skipped: await cell('skipped'),
    };
  }
  return out;
}

/** What IndexedDB holds for the run: its aggregates and its question rows' review states. */
function storedFigures(): Promise<{
  aggregates: { attempts: number; kept: number; stages: Record<StageName, Counts> };
  kept: { id: string; text: string; reviewStatus?: string; review?: { question?: string } }[];
}> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('scalequest-studio');
    open.onerror = () => reject(new Error(String(open.error)));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['runAggregates', 'questions'], 'readonly');
      const aggregates = tx.objectStore('runAggregates').getAll();
      const questions = tx.objectStore('questions').getAll();
      tx.oncomplete = () => {
        db.close();
        const rows = questions.result as { status: string }[];
        resolve({
          aggregates: (aggregates.result as never[])[0]!,
          kept: rows.filter((q) => q.status === 'kept') as never,
        });
      };
      tx.onerror = () => reject(new Error(String(tx.error)));
    };
  });
}

/** The card's funnel table, by stage label. */
function cardFunnel(card: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const lines = card.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Stage | Reached | Passed | Rejected'));
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    out[cells[1]!] = cells.slice(2, 6).map((c) => digits(c));
  }
  return out;
}

/** The question of one exported row, whatever the layout. */
function queryOf(row: Record<string, unknown>): string {
  if (typeof row.query === 'string') return row.query;
  if (typeof row.instruction === 'string') return row.instruction;
  const turns = (row.messages ?? row.conversations) as Record<string, string>[];
  const user = turns.find((t) => t.role === 'user' || t.from === 'human')!;
  return user.content ?? user.value!;
}

async function downloads(page: Page, count: number, click: () => Promise<void>) {
  const files: { name: string; bytes: Buffer }[] = [];
  const done = new Promise<void>((resolve) => {
    page.on('download', async (download) => {
      files.push({
        name: download.suggestedFilename(),
        bytes: await readFile(await download.path()),
      });
      if (files.length === count) resolve();
    });
  });
  await click();
  await done;
  page.removeAllListeners('download');
  return files;
}

test('dashboard == stored aggregates == card funnel == rows of every export format', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await page.goto('/');
  await connectScriptedServer(page, server.url);
  await startRun(page, { keep: KEEP, samples: 3, seed: 0, onOverlap: 'drop' });
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 120_000 });

  // 1. The dashboard, as shown.
  const dashboard = await dashboardFunnel(page);
  const keptShown = digits(
    (await page.locator('[data-figure="kept"]').textContent())!.split('/')[0]!,
  );
  const attemptsShown = digits(
    (await page.locator('[data-figure="attempts"]').textContent())!.split('/')[0]!,
  );
  expect(keptShown).toBe(KEEP);
  // Every stage that can reject did, once at least; nothing was passed that did not run.
  for (const stage of [
    'generate',
    'language',
    'dedup',
    'contamination',
    'judge',
    'solve',
    'difficulty',
  ] as const)
    expect(dashboard[stage].failed, stage).toBeGreaterThan(0);

  // 2. The stored aggregates equal the dashboard.
  const before = await page.evaluate(storedFigures);
  expect(before.aggregates.attempts).toBe(attemptsShown);
  expect(before.aggregates.kept).toBe(keptShown);
  for (const stage of STAGES)
    expect(before.aggregates.stages[stage], stage).toEqual(dashboard[stage]);
  expect(before.kept).toHaveLength(KEEP);

  // 3. Review: accept one, reject one, edit one, leave the rest.
  await openScreen(page, 'Dataset');
  const rows = page.locator('[data-pair-row]');
  await expect(rows).toHaveCount(KEEP);
  await rows.first().getByRole('button').click();
  const detail = page.getByRole('article', { name: 'Pair detail' });
  await expect(detail).toBeVisible();
  const accepted = await detail.getAttribute('data-detail-id');
  await page.keyboard.press('a');
  await expect(page.locator(`[data-id="${accepted}"]`)).toHaveAttribute('data-review', 'accepted');
  // Each decision moves on to the next pair.
  await expect(detail).not.toHaveAttribute('data-detail-id', accepted!);
  const rejected = await detail.getAttribute('data-detail-id');
  await page.keyboard.press('r');
  await expect(page.locator(`[data-id="${rejected}"]`)).toHaveAttribute('data-review', 'rejected');
  await expect(detail).not.toHaveAttribute('data-detail-id', rejected!);
  const edited = await detail.getAttribute('data-detail-id');
  await page.keyboard.press('e');
  const EDITED = 'A baker packs 24 muffins into boxes of 4 each. How many full boxes are there?';
  await page.getByRole('form', { name: 'Edit pair' }).getByLabel('Question').fill(EDITED);
  await page.getByRole('button', { name: 'Save edits' }).click();
  await expect(page.locator(`[data-id="${edited}"]`)).toContainText(EDITED);

  const after = await page.evaluate(storedFigures);
  const byId = new Map(after.kept.map((q) => [q.id, q]));
  expect(byId.get(accepted!)?.reviewStatus).toBe('accepted');
  expect(byId.get(rejected!)?.reviewStatus).toBe('rejected');
  expect(byId.get(edited!)?.review?.question).toBe(EDITED);
  // Exports hold the kept pairs minus the rejected one, with the edit in place of the original.
  const expected = after.kept
    .filter((q) => q.reviewStatus !== 'rejected')
    .map((q) => q.review?.question ?? q.text)
    .sort();
  expect(expected).toHaveLength(KEEP - 1);
  expect(expected).toContain(EDITED);
  const states = { accepted: 1, pending: KEEP - 2, rejected: 1 };

  // 4. The quick export of the Dataset screen.
  const [quick] = await downloads(page, 1, () =>
    page.getByRole('button', { name: 'Export JSONL' }).click(),
  );
  const quickRows = quick!.bytes
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(quickRows.map(queryOf).sort()).toEqual(expected);

  // 5. Every format of the export panel, each with its card.
  const pick = page.getByLabel('Choose where to save (written as it streams)');
  if (await pick.isVisible()) await pick.uncheck();
  await expect(page.getByLabel('Dataset card (README.md)')).toBeChecked();
  for (const format of EXPORT_FORMATS) {
    await page.getByLabel('Format').selectOption(format.id);
    const files = await downloads(page, 2, () =>
      page.getByRole('button', { name: 'Export dataset' }).click(),
    );
    const data = files.find((f) => f.name !== 'README.md')!;
    const card = files.find((f) => f.name === 'README.md')!.bytes.toString('utf8');
    const exported =
      format.id === 'parquet'
        ? await parquetReadObjects({
            file: new Uint8Array(data.bytes).buffer,
          })
        : data.bytes
            .toString('utf8')
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(exported.map((r) => queryOf(r as Record<string, unknown>)).sort(), format.id).toEqual(
      expected,
    );
    await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toContainText(
      `Exported ${exported.length} pairs to`,
    );

    // The card: its pair count, what each review state contributed, and the funnel.
    expect(card).toContain(`- Pairs: ${exported.length}\n`);
    expect(card).toContain(
      `- Pairs by review state: ${states.accepted} accepted + ${states.pending} not reviewed included; left out: ${states.rejected} rejected; 1 pair written with a person’s edits`,
    );
    const funnel = cardFunnel(card);
    for (const stage of STAGES) {
      const shown = dashboard[stage];
      expect(funnel[STAGE_LABELS[stage]], `${format.id}: ${stage}`).toEqual([
        shown.reached,
        shown.passed,
        shown.failed,
        shown.skipped,
      ]);
    }
    expect(card).toContain(`- Pairs kept by the pipeline: ${keptShown}`);
  }
});
