import { expect, type Page } from '@playwright/test';

export type ScreenLink =
  'Start' | 'Design' | 'Runs' | 'Explain' | 'Dataset' | 'Models' | 'Settings';

/** Every screen, in the order of the main navigation. */
export const SCREEN_LINKS: readonly ScreenLink[] = [
  'Start',
  'Design',
  'Runs',
  'Explain',
  'Dataset',
  'Models',
  'Settings',
];

/** Opens a screen through the main navigation, as a person would. */
export async function openScreen(page: Page, name: ScreenLink): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name, exact: true })
    .click();
  // Until the screen has changed, a locator may still find the previous screen's elements.
  await expect(page.getByRole('main', { name, exact: true })).toBeVisible();
}
