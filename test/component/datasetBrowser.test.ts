// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import DatasetBrowserPanel from '../../src/ui/dataset/DatasetBrowser.svelte';
import { appContext } from '../../src/state/appContext';
import { DatasetBrowser } from '../../src/state/datasetBrowser.svelte';
import { StudioDb } from '../../src/db/studioDb';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import { makeQuestion, makeSolution } from '../support/storedRecords';
import { storeImportedPairs } from '../../src/db/importRepository';
import { remoteBackends } from '../support/backends';

// The waits are for IndexedDB writes (fake-indexeddb) and the lazily loaded renderer: on a loaded
// 2-core machine they can take seconds, and the 1 s default made correct runs fail.
configure({ asyncUtilTimeout: 15_000 });

const hostileQuestion =
  'What is 2+2? <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const hostileAnswer = 'It is $\\href{javascript:alert(1)}{4}$ [x](javascript:alert(2)) \\boxed{4}';

beforeAll(() => {
  // jsdom has no layout: give the virtual list a viewport and rows a size.
  globalThis.ResizeObserver ??= class {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      const entry = { target, contentRect: { width: 800, height: 400 } };
      queueMicrotask(() => this.callback([entry as unknown as ResizeObserverEntry], this));
    }
    unobserve() {}
    disconnect() {}
  };
});

let db: StudioDb;
let browser: DatasetBrowser;
let n = 0;

afterEach(async () => {
  browser?.dispose();
  await db?.delete();
});

async function setup(count: number) {
  db = new StudioDb(`browser-ui-${n++}`);
  await db.open();
  await db.runs.add({
    id: 'r',
    name: 'Night run',
    createdAt: 0,
    updatedAt: 0,
    status: 'done',
    config: defaultRunConfig(),
    backends: remoteBackends('http://x', 'm'),
    progress: { attempts: count, kept: count, rejected: {}, promptTokens: 0, completionTokens: 0 },
    appVersion: 't',
  });
  const questions = Array.from({ length: count }, (_, i) =>
    makeQuestion('r', i, i === 0 ? { text: hostileQuestion, createdAt: 99_999 } : {}),
  );
  await db.questions.bulkAdd(questions);
  await db.solutions.bulkAdd(
    questions.flatMap((q) => [
      makeSolution(q, 0, q.index === 0 ? { text: hostileAnswer, answer: '4' } : {}),
      makeSolution(q, 1, { chosen: false, inMajority: false, answer: '5', text: 'Wrong: 5' }),
    ]),
  );
  browser = new DatasetBrowser({ db, searchDelayMs: 0 });
  browser.init();
  render(DatasetBrowserPanel, { context: appContext({ browser }) });
  await waitFor(() =>
    expect(screen.getByTestId('browser-count').textContent).toContain(`of ${count}`),
  );
}

/**
 * Holds a read-write transaction on the questions store (a chain of reads keeps it open), so the
 * next write there waits; returns what lets it finish.
 */
function holdQuestions(db: StudioDb): () => void {
  let held = true;
  const store = db.backendDB().transaction('questions', 'readwrite').objectStore('questions');
  const keepOpen = () => {
    if (held) store.count().onsuccess = keepOpen;
  };
  keepOpen();
  return () => (held = false);
}

describe('DatasetBrowser', () => {
  it('shows counts, narrows by search and renders only a window of rows', async () => {
    await setup(300);
    expect(screen.getByRole('heading', { name: 'Dataset (300 pairs)' })).toBeTruthy();
    const rendered = document.querySelectorAll('[data-pair-row]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(300);

    await fireEvent.input(screen.getByLabelText('Search questions and answers'), {
      target: { value: 'QUESTION 12?' },
    });
    // Both words, any case: "Question 12?", "Question 112?", "Question 212?".
    await waitFor(() =>
      expect(screen.getByTestId('browser-count').textContent).toMatch(/^\s*3 of 300/),
    );
  });

  it('opens a hostile pair safely, with every solution and the verdicts', async () => {
    await setup(3);
    const row = document.querySelector('[data-id="r:0"] button') as HTMLButtonElement;
    await fireEvent.click(row);
    const detail = await screen.findByRole('article', { name: 'Pair detail' });
    await waitFor(() =>
      expect(detail.querySelectorAll('[data-rendered]').length).toBeGreaterThan(1),
    );
    expect(detail.querySelector('script, img, iframe')).toBeNull();
    for (const el of detail.querySelectorAll('*')) {
      expect(el.getAttributeNames().some((a) => a.startsWith('on'))).toBe(false);
      expect(el.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    }
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(within(detail).getByRole('list', { name: 'Candidate solutions' }).children).toHaveLength(
      2,
    );
    expect(within(detail).getByText(/Wrong: 5/)).toBeTruthy();
    expect(detail.querySelector('[data-stage="judge"][data-status="passed"]')).not.toBeNull();
  });

  it('reviews with the keyboard and keeps edits beside the original', async () => {
    await setup(3);
    await fireEvent.click(document.querySelector('[data-id="r:0"] button')!);
    await screen.findByRole('article', { name: 'Pair detail' });
    await fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(async () =>
      expect((await db.questions.get('r:0'))?.reviewStatus).toBe('accepted'),
    );
    // Accepting moves on to the next row (newest first: r:2).
    await waitFor(() => expect(browser.selectedId).toBe('r:2'));
    await fireEvent.keyDown(document.body, { key: 'r' });
    await waitFor(async () =>
      expect((await db.questions.get('r:2'))?.reviewStatus).toBe('rejected'),
    );

    await waitFor(() => expect(browser.selectedId).toBe('r:1'));
    await fireEvent.keyDown(document.body, { key: 'e' });
    const question = await screen.findByLabelText('Question');
    // Typing in the editor must not trigger review shortcuts.
    await fireEvent.keyDown(question, { key: 'a' });
    expect((await db.questions.get('r:1'))?.reviewStatus).toBe('pending');
    await fireEvent.input(question, { target: { value: 'A clearer question?' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save edits' }));
    await waitFor(async () =>
      expect((await db.questions.get('r:1'))?.review?.question).toBe('A clearer question?'),
    );
    expect((await db.questions.get('r:1'))?.text).toBe('Question 1?');
    await waitFor(() =>
      expect(document.querySelector('[data-id="r:1"]')?.textContent).toContain(
        'A clearer question?',
      ),
    );
  });

  it('shows a decision only once it is stored, and is saving until then', async () => {
    await setup(2);
    await fireEvent.click(document.querySelector('[data-id="r:0"] button')!);
    const detail = await screen.findByRole('article', { name: 'Pair detail' });
    const release = holdQuestions(db);
    await fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(() => expect(browser.saving).toBe(true));
    // The write waits behind another transaction: a page closed now would lose it, so nothing
    // on screen may say "accepted" yet.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.querySelector('[data-id="r:0"]')?.getAttribute('data-review')).toBe('pending');
    expect(within(detail).getByText(/^Review:/).textContent).toBe('Review: pending');
    release();
    await waitFor(() =>
      expect(document.querySelector('[data-id="r:0"]')?.getAttribute('data-review')).toBe(
        'accepted',
      ),
    );
    expect(browser.saving).toBe(false);
    expect((await db.questions.get('r:0'))?.reviewStatus).toBe('accepted');
  });

  it('bulk-accepts what the filter shows', async () => {
    await setup(5);
    await fireEvent.click(screen.getByRole('button', { name: 'Accept all shown' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    await screen.findByText('Accepted 5 pairs.');
    expect(
      await db.questions.where('[status+reviewStatus]').equals(['kept', 'accepted']).count(),
    ).toBe(5);
  });

  it('browses, reviews and edits imported (packed) pairs beside generated ones', async () => {
    await setup(2);
    const run = await storeImportedPairs(db, {
      name: 'Imported set',
      source: 'set.jsonl',
      pairs: [
        { query: 'Imported question?', response: 'Imported answer \\boxed{7}' },
        { query: 'Another import?', response: 'Also \\boxed{8}' },
      ],
      appVersion: 't',
    });
    await waitFor(() => expect(screen.getByTestId('browser-count').textContent).toContain('of 4'));
    const id = `${run.id}:0`;
    await browser.select(id);
    const detail = await screen.findByRole('article', { name: 'Pair detail' });
    await within(detail).findAllByText(/Imported answer/);
    // No solutions were sampled for an imported pair: no agreement figure, no empty verdict list.
    expect(document.querySelector(`[data-id="${id}"]`)?.textContent).not.toMatch(/agree/);
    expect(detail.textContent).not.toMatch(/agreement \d|Stage verdicts/);
    expect(within(detail).getByTestId('imported-note').textContent).toMatch(/Imported as it was/);
    await fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(async () => expect((await db.runs.get(run.id))?.packed?.accepted).toBe(1));
    await browser.select(id);
    await fireEvent.keyDown(document.body, { key: 'e' });
    await fireEvent.input(await screen.findByLabelText('Question'), {
      target: { value: 'Imported, clearer?' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save edits' }));
    await waitFor(() =>
      expect(document.querySelector(`[data-id="${id}"]`)?.textContent).toContain(
        'Imported, clearer?',
      ),
    );
    const stored = await db.pairPacks.get(`${run.id}/0`);
    expect(stored?.pairs[0]).toMatchObject({
      query: 'Imported question?',
      reviewStatus: 'accepted',
      review: { question: 'Imported, clearer?' },
    });
  });
});
