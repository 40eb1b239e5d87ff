// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import RunDashboard from '../../src/ui/dashboard/RunDashboard.svelte';
import { RunManager } from '../../src/state/runManager.svelte';
import { EndpointSettings } from '../../src/state/endpointSettings.svelte';
import { appContext } from '../../src/state/appContext';
import { StudioDb } from '../../src/db/studioDb';
import { STAGES } from '../../src/core/pipeline/records';
import { STAGE_LABELS } from '../../src/core/pipeline/stageLabels';
import { datasetExportFiles } from '../../src/services/datasetExport';
import { reasonGroup } from '../../src/core/runs/runAggregates';
import { runMixed } from '../support/mixedRun';
import { rowFigures } from '../support/rowFigures';
import '../support/chartDomStubs';

let db: StudioDb | undefined;
let runs: RunManager | undefined;
afterEach(async () => {
  runs?.dispose();
  await db?.delete();
});

const number = (text: string | null | undefined) => Number((text ?? '').replace(/[^\d]/g, ''));

/** The dataset card of an export of every kept pair, written after its data file as a user saves. */
async function exportedCard(db: StudioDb): Promise<string> {
  let card = '';
  for (const file of await datasetExportFiles(db, { format: 'scalequest', card: true }))
    for await (const chunk of file.chunks) if (file.name === 'README.md') card += String(chunk);
  return card;
}

/** The card's funnel table: reached, passed, rejected, skipped by stage label. */
function cardFunnel(card: string): Map<string, number[]> {
  const lines = card.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Stage | Reached | Passed | Rejected'));
  const out = new Map<string, number[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    out.set(cells[1]!, cells.slice(2, 6).map(number));
  }
  return out;
}

describe('RunDashboard', () => {
  it('shows figures of every one of > 200 stored attempts, each equal to the rows and the card', async () => {
    db = new StudioDb(`dashboard-${Math.random()}`);
    const ATTEMPTS = 250;
    const runId = await runMixed(db, ATTEMPTS);
    const rows = await db.questions
      .where('[runId+index]')
      .between([runId, -Infinity], [runId, Infinity])
      .toArray();
    expect(rows).toHaveLength(ATTEMPTS);
    const expected = rowFigures(rows);
    // Every stage that can reject did (majority voting and selection never reject).
    for (const stage of STAGES.filter((s) => s !== 'majority' && s !== 'select'))
      expect(expected.stages[stage].failed, stage).toBeGreaterThan(0);
    // The first session had no reference set: skipped there, never passed.
    expect(expected.stages.contamination.skipped).toBeGreaterThan(0);

    runs = new RunManager({
      db,
      worker: () => ({
        start: () => Promise.reject(new Error('not here')),
        stop: () => {},
        end: () => {},
      }),
      control: null,
      proxy: (f) => f,
      heldRuns: () => Promise.resolve(new Set()),
      waitForLock: () => new Promise(() => {}),
    });
    await runs.init();
    await waitFor(() => expect(runs!.selectedRun?.id).toBe(runId));
    const manager = runs;
    render(RunDashboard, {
      props: { run: manager.selectedRun! },
      context: appContext({ runs: manager, endpoints: new EndpointSettings(undefined) }),
    });
    await waitFor(() =>
      expect(screen.getByTestId('funnel-scope').textContent).toContain(
        `All ${ATTEMPTS} stored attempts of this run.`,
      ),
    );

    const figure = (name: string) => document.querySelector(`[data-figure="${name}"]`)!.textContent;
    expect(figure('kept')).toMatch(new RegExp(`^\\s*${expected.kept} / `));
    expect(figure('attempts')).toMatch(new RegExp(`^\\s*${ATTEMPTS} / `));
    const tokens = Object.values(expected.tokens).reduce((a, b) => a + b, 0);
    expect(number(figure('tokens'))).toBe(tokens);

    const funnel = screen.getByRole('table', { name: 'Questions per stage' });
    // The dataset card of the same data states the same funnel, stage by stage.
    const carded = cardFunnel(await exportedCard(db));
    expect(carded.size).toBe(STAGES.length);
    for (const stage of STAGES) {
      const row = funnel.querySelector(`tr[data-stage="${stage}"]`)!;
      const cell = (col: string) => number(row.querySelector(`[data-col="${col}"]`)!.textContent);
      expect(
        {
          reached: cell('reached'),
          passed: cell('passed'),
          failed: cell('failed'),
          skipped: cell('skipped'),
        },
        stage,
      ).toEqual(expected.stages[stage]);
      expect(carded.get(STAGE_LABELS[stage]), stage).toEqual(
        ['reached', 'passed', 'failed', 'skipped'].map(cell),
      );
      // The reasons shown are the most common, with their exact counts.
      for (const shown of row.querySelectorAll('.reasons span')) {
        const [, count, reason] = /^(\d+)× (.*)$/.exec(shown.textContent.trim())!;
        const matching = rows.filter(
          (q) =>
            q.rejectedAt === stage &&
            reasonGroup(q.verdicts.find((v) => v.stage === stage)?.reason) === reason,
        );
        expect(Number(count), `${stage}: ${reason}`).toBe(matching.length);
      }
    }

    const chart = (title: string) =>
      within(screen.getByRole('table', { name: title }))
        .getAllByRole('row')
        .slice(1)
        .map((r) => number(r.querySelector('td')!.textContent));
    expect(chart('Agreement among solutions')).toEqual(expected.agreementBins);
    expect(chart('Difficulty: fail rate of solutions')).toEqual(expected.failRateBins);
    const perStage = chart('Tokens per stage');
    expect(perStage).toEqual(STAGES.map((s) => expected.tokens[s]).filter((t) => t > 0));
    // The run is done: no time is promised.
    expect(figure('eta')?.trim()).toBe('done');
  });
});
