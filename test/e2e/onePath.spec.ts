import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { loadScriptedQuestions } from '../support/openAiTestServer';
import { openScreen } from './navigation';
import { connectScriptedServer, startRun } from './scriptedRun';

test('a 5-question run goes through every stage, survives a reload and exports ScaleQuest JSONL', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ScaleQuest Studio' })).toBeVisible();

  await connectScriptedServer(page);
  await startRun(page, { keep: 5, samples: 3, seed: 0 });

  // Starting a run opens its dashboard under Runs.
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Questions per stage' })).toBeVisible();

  // Every stage ran on the server's output: kept questions passed all nine (generation, language,
  // duplicates, contamination — against the benchmark sets built into the studio —, judge,
  // solving, majority, difficulty, selection), rejected ones say why.
  const questions = page
    .getByRole('list', { name: 'Questions of this run' })
    .locator(':scope > li');
  await expect(questions).toHaveCount(8);
  const kept = page.locator('li[data-status="kept"]');
  await expect(kept).toHaveCount(5);
  await expect(kept.first().locator('[data-status="passed"]')).toHaveCount(9);
  await expect(kept.first().locator('[data-stage="contamination"]')).toContainText(
    'no 13-gram shared with gsm8k-test, math500-test, olympiadbench-test',
  );
  await expect(page.locator('[data-stage="language"][data-status="failed"]')).toContainText(
    "detected language 'fr'",
  );
  await expect(page.locator('[data-stage="dedup"][data-status="failed"]')).toContainText(
    'duplicate',
  );
  await expect(page.locator('[data-stage="generate"][data-status="failed"]')).toContainText(
    'max_tokens',
  );

  await openScreen(page, 'Dataset');
  await expect(page.getByRole('heading', { name: 'Dataset (5 pairs)' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dataset (5 pairs)' })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Stored question–answer pairs' }).locator('[data-pair-row]'),
  ).toHaveCount(5);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSONL' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(5);
  const scripted = loadScriptedQuestions().map((q) => q.continuation.split('<|im_end|>')[0]);
  const queries = new Set<string>();
  for (const line of lines) {
    const row = JSON.parse(line) as Record<string, unknown>;
    // The default design flags contamination rather than dropping it: each pair says its verdict.
    expect(Object.keys(row).sort()).toEqual([
      'contaminated',
      'contamination_overlap',
      'contamination_source',
      'query',
      'response',
    ]);
    expect(row.contaminated === null || typeof row.contaminated === 'boolean').toBe(true);
    expect(typeof row.response).toBe('string');
    expect(scripted).toContain(row.query);
    expect(row.response).toMatch(/\\boxed\{|answer is/);
    queries.add(String(row.query));
  }
  expect(queries.size).toBe(5);
});
