import { expect, type Page } from '@playwright/test';
import { llmServerUrl } from './playwright.config';
import { openScreen } from './navigation';

/** Points the studio at the scripted server (through Settings, as a person would). */
export async function useScriptedServer(
  page: Page,
  model = 'scripted-math',
  url = llmServerUrl,
): Promise<void> {
  await openScreen(page, 'Settings');
  await page.getByLabel('Server URL').fill(url);
  await page.getByLabel('Model', { exact: true }).fill(model);
  await page.getByLabel('Model', { exact: true }).blur();
}

/** As `useScriptedServer`, then Test connection, which must find the model. */
export async function connectScriptedServer(page: Page, url = llmServerUrl): Promise<void> {
  await useScriptedServer(page, 'scripted-math', url);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected. Models: scripted-math')).toBeVisible();
}

/** What a test sets on Design before "Start run"; the rest stays the studio default. */
export interface RunSettings {
  keep: number;
  samples?: number;
  seed?: number;
  /** Contamination's "On overlap" choice. */
  onOverlap?: 'flag' | 'drop';
}

/** Fills Design with `settings` and starts the run (its dashboard opens under Runs). */
export async function startRun(
  page: Page,
  { keep, samples, seed, onOverlap }: RunSettings,
): Promise<void> {
  await openScreen(page, 'Design');
  await page.getByLabel('Questions to keep').fill(String(keep));
  if (samples !== undefined) await page.getByLabel('Solutions per question').fill(String(samples));
  if (seed !== undefined) await page.getByLabel('Seed').fill(String(seed));
  if (onOverlap) await page.getByLabel('On overlap').selectOption(onOverlap);
  await page.getByRole('button', { name: 'Start run' }).click();
}

/** Starts a run from Design against the scripted server and waits until it is done. */
export async function finishedRun(page: Page, pairs = 3): Promise<void> {
  await page.goto('/');
  await useScriptedServer(page);
  await startRun(page, { keep: pairs });
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
}
