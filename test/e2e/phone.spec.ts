import { expect, test, type Locator, type Page } from '@playwright/test';
import { openScreen } from './navigation';
import { finishedRun } from './scriptedRun';

// At 390 px a person reaches every primary action without scrolling sideways, and the Dataset
// shows the list or one pair, not both squeezed side by side.

/** The element lies wholly inside the viewport's width (not in a sideways-scrolled strip). */
async function expectWithinWidth(page: Page, target: Locator, what: string) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(width);
  // Nothing covers it and no scrolling box clips it: the point at its centre is the element.
  const hit = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!at && (el === at || el.contains(at));
  });
  expect(hit, `${what} is not covered or clipped`).toBe(true);
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
});

test('the Runs screen says where runs come from before there is one', async ({ page }) => {
  await page.goto('/#/runs');
  const empty = page.getByTestId('runs-empty');
  await expect(empty).toContainText('No runs yet');
  await expect(empty).not.toContainText('above');
  await empty.getByRole('link', { name: 'Design' }).click();
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
});

test('at 390 px: list or pair, role choices in full, run and model actions in reach', async ({
  page,
}) => {
  await finishedRun(page, 3);

  // Runs: the row's actions sit in the page, not in a strip that scrolls sideways.
  await openScreen(page, 'Runs');
  await expectWithinWidth(
    page,
    page.getByRole('button', { name: /^Delete run / }).first(),
    'Delete run',
  );
  // Models: each catalog row's Load button.
  await openScreen(page, 'Models');
  const load = page.getByRole('button', { name: /^Load / });
  await expect(load.first()).toBeVisible();
  for (const i of [0, (await load.count()) - 1])
    await expectWithinWidth(page, load.nth(i), `Load button ${i}`);

  // Design: the chosen server of each role reads in full.
  await openScreen(page, 'Design');
  const role = page.locator('label[data-role="generate"] .chosen');
  await expect(role).toContainText('scripted-math');
  await expectWithinWidth(page, role, 'chosen server of the generate role');

  // Dataset: opening a pair replaces the list; going back brings the list again.
  await openScreen(page, 'Dataset');
  const list = page.getByRole('list', { name: 'Stored question–answer pairs' });
  await expect(list).toBeVisible();
  // Each row keeps its answer in view (the run name gives way first), and the filters stay
  // inside the panel.
  const answer = page.locator('[data-pair-row] .answer').first();
  await expectWithinWidth(page, answer, 'answer of the first row');
  expect((await answer.boundingBox())!.width, 'answer of the first row').toBeGreaterThan(20);
  const panel = (await page.locator('.filters').boundingBox())!;
  for (const select of await page.locator('.filters select').all()) {
    const box = (await select.boundingBox())!;
    expect(box.x + box.width, 'filter select inside the panel').toBeLessThanOrEqual(
      panel.x + panel.width + 1,
    );
  }
  await page.locator('[data-pair-row] button').first().click();
  const detail = page.getByRole('article', { name: 'Pair detail' });
  await expect(detail).toBeVisible();
  await expect(list).toBeHidden();
  expect((await detail.boundingBox())!.width).toBeGreaterThan(300);
  for (const name of ['Accept (a)', 'Reject (r)', 'Edit (e)'])
    await expectWithinWidth(page, detail.getByRole('button', { name }), name);
  await detail.getByRole('button', { name: /Back to the list/ }).click();
  await expect(list).toBeVisible();
  await expect(detail).toBeHidden();

  // Explain: the map is one row of numbered steps, so the step it goes with starts in view (ten
  // stacked boxes pushed it ~400 px down), and the map's steps still jump.
  await openScreen(page, 'Explain');
  const map = page.getByRole('group', { name: 'Where this question went through the method' });
  await expect(map).toBeVisible();
  expect((await map.boundingBox())!.height, 'height of the method map').toBeLessThan(60);
  const heading = page.locator('[data-walk-step="generate"] h4');
  await expect(heading).toHaveText('1. Generate: the pre-query prompt');
  const box = (await heading.boundingBox())!;
  expect(box.y + box.height, 'bottom of the step heading').toBeLessThanOrEqual(844);
  await map.locator('[data-step="language"]').click();
  await expect(page.getByTestId('step-position')).toHaveText('Step 3 of 10: Language');
  await expect(map.locator('[data-step="language"]')).toHaveAttribute('aria-current', 'step');
});
