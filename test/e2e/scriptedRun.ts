import { expect, type Page } from '@playwright/test';
import { llmServerUrl } from './playwright.config';
import { openScreen } from './navigation';

/** Points the studio at the scripted server (through Settings, as a person would). */
export async function useScriptedServer(page: Page, model = 'scripted-math'): Promise<void> {
  await openScreen(page, 'Settings');
  await page.getByLabel('Server URL').fill(llmServerUrl);
  await page.getByLabel('Model', { exact: true }).fill(model);
  await page.getByLabel('Model', { exact: true }).blur();
}

/** Starts a run from Design against the scripted server and waits until it is done. */
export async function finishedRun(page: Page, pairs = 3): Promise<void> {
  await page.goto('/');
  await useScriptedServer(page);
  await openScreen(page, 'Design');
  await page.getByLabel('Questions to keep').fill(String(pairs));
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('tr[data-run-status="done"]')).toBeVisible({ timeout: 60_000 });
}
