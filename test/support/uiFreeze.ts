/**
 * What the page-freeze test and the `ui` bench share: a Long Tasks probe installed before the
 * app starts, and the inputs that used to freeze the page (a large JSONL import, a pair with a
 * very long answer).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { hasSharedData, sharedPairs } from './sharedData';

interface LongTaskWindow {
  __longTasks: { start: number; duration: number }[];
}

/** Records every main-thread task over 50 ms (Long Tasks API) from the page's first script on. */
export async function installLongTaskProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock, to mark where a measured stretch begins. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** The longest main-thread task that started at or after `since` (0 when none passed 50 ms). */
export async function longestTaskSince(page: Page, since: number): Promise<number> {
  // Entries are delivered after the task ends; one frame later every finished task is listed.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return page.evaluate(
    (t) =>
      (window as unknown as LongTaskWindow).__longTasks
        .filter((e) => e.start >= t)
        .reduce((max, e) => Math.max(max, e.duration), 0),
    since,
  );
}

function syntheticPair(i: number): { query: string; response: string } {
  const a = (i * 7919) % 997;
  const b = (i * 104729) % 991;
  return {
    query: `A train covers ${a} km in the morning and ${b} km in the afternoon. How many kilometres does it cover in total, and what is the average per half-day?`,
    response: `In the morning it covers ${a} km and in the afternoon ${b} km.\n\nTotal: $${a} + ${b} = ${a + b}$ km.\n\nAverage per half-day: $\\frac{${a + b}}{2} = ${(a + b) / 2}$ km.\n\nSo the total is \\boxed{${a + b}}.`,
  };
}

/**
 * A JSONL file of ScaleQuest pairs of about `bytes` bytes: real GSM8K / MATH / OlympiadBench
 * pairs (numbered so none repeats) when the shared data is present, generated ones otherwise.
 */
export function largeImportFile(bytes: number): { buffer: Buffer; pairs: number } {
  const source = hasSharedData ? sharedPairs() : [];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const base = source.length ? source[i % source.length]! : syntheticPair(i);
    const line = JSON.stringify({ query: `(${i}) ${base.query}`, response: base.response });
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return { buffer: Buffer.from(lines.join('\n') + '\n'), pairs: lines.length };
}

/**
 * One JSONL line of a pair whose answer is as long as fits the importer's 1 MiB line limit
 * (about 0.9 million characters once JSON escapes its backslashes and newlines).
 */
export function longAnswerLine(query: string, maxBytes = 1_040_000): string {
  let chars = maxBytes;
  for (;;) {
    const line = JSON.stringify({ query, response: longAnswer(chars) });
    if (Buffer.byteLength(line) <= maxBytes) return line;
    chars = Math.floor(chars * 0.97);
  }
}

/**
 * A runaway answer of about `chars` characters: numbered steps with inline and display math,
 * lists and a table now and then — what a model that never stops writes.
 */
export function longAnswer(chars: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < chars; i++) {
    let step = `**Step ${i}.** We have $x_{${i}} = \\frac{${i}}{${i + 1}} + \\sqrt{${i}}$, so\n\n$$\\sum_{k=1}^{${i}} k^2 = \\frac{${i}(${i}+1)(2\\cdot ${i}+1)}{6}$$\n\nwhich gives ${i * 3} after simplifying; then we check it again with the previous step.\n\n`;
    if (i % 7 === 0) step += `- case ${i}a: $a_${i} > 0$\n- case ${i}b: $a_${i} \\le 0$\n\n`;
    if (i % 13 === 0) step += `| n | value |\n|---|---|\n| ${i} | ${i * i} |\n\n`;
    parts.push(step);
    size += step.length;
  }
  parts.push('So the answer is \\boxed{42}.');
  return parts.join('');
}

/** What one freeze scenario measured: the longest main-thread task and what it worked on. */
export interface FreezeFigures {
  longestTaskMs: number;
  detail: string;
}

const STORED = /^Stored [\d,]+ pairs/;

/**
 * Imports a JSONL file of about `bytes` bytes on the Dataset screen (already open, probe
 * installed) as a person would: pick the file, wait for the report, press Import, wait until it
 * is stored. The file is written to `dir` first (Playwright only sends files under 50 MB as
 * buffers). Returns the longest main-thread task from picking the file to the stored message.
 */
export async function measureLargeImport(
  page: Page,
  bytes: number,
  dir: string,
): Promise<FreezeFigures> {
  const { buffer, pairs } = largeImportFile(bytes);
  const path = join(dir, 'large-import.jsonl');
  await writeFile(path, buffer);
  const since = await pageNow(page);
  await page.getByLabel('File (JSONL or Parquet)').setInputFiles(path);
  await page.getByRole('button', { name: `Import ${pairs} rows` }).click({ timeout: 10 * 60_000 });
  await page.getByText(STORED).waitFor({ timeout: 10 * 60_000 });
  return {
    longestTaskMs: await longestTaskSince(page, since),
    detail: `${pairs} pairs, ${(buffer.length / 1e6).toFixed(1)} MB`,
  };
}

/**
 * Imports a pair whose answer is about 1 MB, then opens it in the dataset browser and waits
 * until its answer is rendered. Returns the longest main-thread task from the click on.
 */
export async function measureLongAnswer(
  page: Page,
  beforeOpen?: () => Promise<void>,
): Promise<FreezeFigures> {
  const query = 'Runaway: how long can an answer get before anyone stops the model?';
  const line = longAnswerLine(query);
  const file = [line, JSON.stringify({ query: 'A short one: 1 + 1?', response: '\\boxed{2}' })];
  await page.getByLabel('File (JSONL or Parquet)').setInputFiles({
    name: 'runaway.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(file.join('\n') + '\n'),
  });
  await page.getByRole('button', { name: 'Import 2 rows' }).click({ timeout: 60_000 });
  await page.getByText(STORED).waitFor({ timeout: 60_000 });
  await page.getByLabel('Search questions and answers').fill('Runaway');
  const row = page.locator('[data-pair-row]', { hasText: 'Runaway' }).first();
  await row.waitFor({ timeout: 60_000 });
  await beforeOpen?.();
  const since = await pageNow(page);
  // Clicked and awaited from inside the page: Playwright's own actionability checks and text
  // queries run on the page's thread too, and over a large DOM they are long tasks of their own.
  await row
    .locator('button')
    .first()
    .evaluate((b: HTMLElement) => b.click());
  // Done when the answer shows rendered parts and no part of the detail still waits as plain text.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-part="response"] [data-rendered]') !== null &&
      document.querySelector('[aria-label="Pair detail"] .plain') === null,
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  return {
    longestTaskMs: await longestTaskSince(page, since),
    detail: `${Buffer.byteLength(line)} bytes`,
  };
}
