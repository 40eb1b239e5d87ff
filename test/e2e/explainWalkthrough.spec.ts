import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openScreen } from './navigation';
import { connectScriptedServer, finishedRun, startRun } from './scriptedRun';
import { startTestServer } from '../support/openAiTestServer';

// A teacher steps one stored question through the method, picks a question for what it shows,
// and presents it full screen without the app around it.

const shots = fileURLToPath(new URL('./artifacts/screens/', import.meta.url));

test('Explain walks one question through the method, picks telling questions and presents', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await mkdir(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await finishedRun(page, 3);
  await openScreen(page, 'Explain');

  const position = page.getByTestId('step-position');
  const step = (name: string) => page.locator(`[data-walk-step="${name}"]`);
  const mapStep = (name: string) => page.locator(`.map [data-step="${name}"]`);
  await expect(position).toHaveText('Step 1 of 10: Generate');
  await expect(step('generate').locator('.special').first()).toHaveText('<|im_start|>');
  await expect(mapStep('generate')).toHaveAttribute('aria-current', 'step');

  // Arrow keys work on arrival; the buttons too; one step shows at a time.
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText('Step 2 of 10: Screen');
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(position).toHaveText('Step 3 of 10: Language');
  await expect(page.locator('.steps > li')).toHaveCount(1);
  await expect(mapStep('language')).toHaveAttribute('aria-current', 'step');
  await expect(step('language').locator('.why')).toContainText('paper');

  // "Pick a question" offers the one the language filter rejected, and opens it at that step.
  const examples = page.getByLabel('Pick a question that shows…');
  const rejected = examples.locator('option', { hasText: 'Rejected at Language' });
  await expect(rejected).toHaveCount(1);
  await examples.selectOption(await rejected.getAttribute('value'));
  await expect(page.getByRole('heading', { name: /rejected at Language/ })).toBeVisible();
  await expect(position).toHaveText('Step 3 of 10: Language');
  await expect(mapStep('language')).toHaveAttribute('data-state', 'failed');
  await expect(step('language')).toContainText("detected language 'fr'");
  await expect(mapStep('judge')).toHaveAttribute('data-state', 'not-reached');

  // Presentation: the walkthrough alone, large, full screen where the browser allows it.
  await page.getByRole('button', { name: 'Present' }).click();
  const frame = page.getByRole('dialog', { name: 'Explain, presentation' });
  await expect(frame).toBeVisible();
  const covered = await page.evaluate(() => {
    const header = document.querySelector('header')!.getBoundingClientRect();
    const at = document.elementFromPoint(header.left + 20, header.top + 10);
    return !!at?.closest('[data-testid="walkthrough"]');
  });
  expect(covered, 'the app header is covered by the presentation').toBe(true);
  const size = await frame.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThan(18);
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText('Step 4 of 10: Duplicates');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText('Step 3 of 10: Language');
  await page.screenshot({ path: `${shots}explain-present-1440-light.png` });
  await page.getByRole('button', { name: /Exit presentation/ }).click();
  await expect(frame).toBeHidden();
  await expect(page.getByRole('banner')).toBeVisible();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});

test('Explain follows a live run step by step, and never shows a stale state when it ends', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A slow server of its own, so a question stays in flight long enough to be followed.
  const server = await startTestServer({ delayMs: 400 });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await connectScriptedServer(page, server.url);
    await startRun(page, { keep: 4 });
    await openScreen(page, 'Explain');
    await page.getByLabel('Question', { exact: true }).selectOption('live');
    await expect(page.getByText('Following the question as it runs')).toBeVisible();

    // What one look at the screen shows: the live option, the heading, the step the controls
    // name and the step the map marks.
    const look = () =>
      page.evaluate(() => {
        const live = [...document.querySelectorAll('option')].find((o) =>
          o.textContent?.startsWith('Live: question'),
        );
        const nodes = [...document.querySelectorAll('.map [data-step]')];
        return {
          ended: document.body.textContent?.includes('No question is in flight: the run is done'),
          live: /question (\d+)/.exec(live?.textContent ?? '')?.[1] ?? null,
          heading: document.querySelector('#explain-title')?.textContent?.trim() ?? '',
          position: /^Step (\d+) of/.exec(
            document.querySelector('[data-testid="step-position"]')?.textContent?.trim() ?? '',
          )?.[1],
          marked: nodes.findIndex((n) => n.getAttribute('aria-current') === 'step') + 1,
        };
      });
    // While the run goes on, every look agrees with itself: the question followed is the one in
    // flight, and the map marks the step the controls name.
    // (Mismatches are collected, not thrown: expect.poll would retry past a thrown one.)
    const seen = new Set<string>();
    const stale: string[] = [];
    await expect
      .poll(
        async () => {
          const now = await look();
          if (now.ended) return 'done';
          if (now.live === null) {
            // Between two questions: the newest stored one, never one still "in progress".
            if (now.heading.endsWith('in progress')) stale.push(JSON.stringify(now));
            return seen.size;
          }
          if (
            now.heading !== `Question ${now.live}: in progress` ||
            String(now.marked) !== now.position
          )
            stale.push(JSON.stringify(now));
          seen.add(`${now.live}:${now.position}`);
          return seen.size;
        },
        { timeout: 120_000, intervals: [200] },
      )
      .toBe('done');
    expect(stale).toEqual([]);
    // It did follow: more than one question or step was shown on the way.
    expect(seen.size).toBeGreaterThan(1);

    // The run is over: a stored question, nothing "in progress" or "running" left anywhere.
    await expect(page.locator('#explain-title')).toHaveText(/^Question \d+: (kept|rejected)/);
    await expect(page.getByRole('main')).not.toContainText(
      /in progress|running…|Following the question/,
    );
  } finally {
    await server.close();
  }
});
