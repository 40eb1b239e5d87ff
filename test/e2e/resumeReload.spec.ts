import { connectScriptedServer, startRun } from './scriptedRun';
import { expect, test, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../support/openAiTestServer';
import { snapshot } from './idbSnapshot';

// A slow scripted server of its own (the shared one answers at once): each request takes long
// enough that the page can be reloaded while questions are still being stored.
let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({ delayMs: 300 });
});
test.afterAll(async () => {
  await server.close();
});

async function waitForStored(page: Page, atLeast: number): Promise<number> {
  let count = 0;
  await expect
    .poll(async () => (count = (await snapshot(page)).questions.length), {
      timeout: 60_000,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(atLeast);
  return count;
}

test('a run resumes by itself after each reload and stores every question exactly once', async ({
  page,
}) => {
  const target = 7;
  const samples = 3;
  await page.goto('/');
  await connectScriptedServer(page, server.url);
  await startRun(page, { keep: target, samples, seed: 0 });

  // Each reload waits until this page has resumed the run (its event) and stored one more
  // question since, so every reload interrupts a run that had resumed after the previous one
  // (the closing page's worker may still store a question after a reload).
  const resumes = async () =>
    (await snapshot(page)).events.filter((e) => e.kind === 'resumed').length;
  for (const [reloads, stored] of [1, 3, 5].entries()) {
    await expect.poll(resumes, { timeout: 60_000 }).toBe(reloads);
    const before = (await snapshot(page)).questions.length;
    await waitForStored(page, Math.max(stored, before + 1));
    await page.reload();
    await expect(page.getByRole('heading', { name: 'ScaleQuest Studio' })).toBeVisible();
  }

  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
  const { runs, questions, solutions, events } = await snapshot(page);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect(run.status).toBe('done');
  const kept = questions.filter((q) => q.status === 'kept');
  expect(kept).toHaveLength(target);
  expect(run.progress.kept).toBe(target);
  expect(questions).toHaveLength(run.progress.attempts);
  expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  expect(questions.map((q) => q.index).sort((a, b) => a - b)).toEqual(questions.map((_, i) => i));
  expect(new Set(kept.map((q) => q.text)).size).toBe(target);
  const byQuestion = new Map<string, number>();
  for (const s of solutions) byQuestion.set(s.questionId, (byQuestion.get(s.questionId) ?? 0) + 1);
  for (const q of questions.filter((q) => q.solvePrompt !== undefined))
    expect(byQuestion.get(q.id)).toBe(samples);
  const questionIds = new Set(questions.map((q) => q.id));
  expect(solutions.filter((s) => !questionIds.has(s.questionId))).toEqual([]);
  expect(new Set(solutions.map((s) => s.id)).size).toBe(solutions.length);
  for (const q of kept) expect(solutions.some((s) => s.id === q.chosenSolutionId)).toBe(true);
  // Started once; each of the three reloads cut it off and it resumed; finished.
  const kinds = events.filter((e) => e.runId === run.id).map((e) => e.kind);
  expect(kinds).toEqual([
    'started',
    ...Array<string[]>(3).fill(['interrupted', 'resumed']).flat(),
    'done',
  ]);
});
