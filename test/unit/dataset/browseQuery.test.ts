import { describe, expect, it } from 'vitest';
import {
  browse,
  defaultFilter,
  defaultSort,
  matchesFilter,
  reviewCounts,
  searchTerms,
  type BrowseFilter,
} from '../../../src/core/dataset/browseQuery';
import { TITLE_LIMIT, toBrowseRow, type BrowseRow } from '../../../src/core/dataset/browseRow';
import { distinctModels, mergeRows, patchRows } from '../../../src/core/dataset/rowUpdates';
import { makeQuestion, makeSolution } from '../../support/storedRecords';

function row(index: number, overrides: Parameters<typeof makeQuestion>[2] = {}, answer?: string) {
  const q = makeQuestion('run-a', index, overrides);
  const chosen = q.chosenSolutionId
    ? makeSolution(q, 0, answer === undefined ? {} : { text: answer })
    : undefined;
  return toBrowseRow(q, chosen, 'run-model');
}

const all = (over: Partial<BrowseFilter> = {}): BrowseFilter => ({
  ...defaultFilter(),
  status: 'all',
  ...over,
});

describe('toBrowseRow', () => {
  it('keeps the first line of the question, the answer and the stage bits', () => {
    const r = row(3, {
      text: '  First line of it\nsecond line',
      verdicts: [
        { stage: 'generate', pass: true },
        { stage: 'judge', pass: false, reason: 'no' },
      ],
      difficulty: {
        failRate: 0.25,
        agreement: 0.75,
        distinctAnswers: 2,
        answered: 4,
        rating: { level: 4, label: 'hard', prompt: '', output: '' },
      },
    });
    expect(r.title).toBe('First line of it');
    expect(r.answer).toBe('3');
    expect(r.failRate).toBe(0.25);
    expect(r.rating).toBe(4);
    expect(r.passed).toBe(1);
    expect(r.failed).toBe(1 << 4);
    expect(r.model).toBe('gen-model');
  });

  it('cuts long titles and falls back to the run model', () => {
    const q = makeQuestion('r', 1, { text: 'x'.repeat(500) });
    q.generation.model = '';
    const r = toBrowseRow(q, undefined, 'run-model');
    expect(r.title).toHaveLength(TITLE_LIMIT);
    expect(r.title.endsWith('…')).toBe(true);
    expect(r.model).toBe('run-model');
  });

  it('shows edits and searches both the original and the edited text', () => {
    const r = row(1, {
      text: 'Original Apples question',
      review: { question: 'Edited Pears question', response: 'Edited BANANA answer', editedAt: 5 },
    });
    expect(r.title).toBe('Edited Pears question');
    expect(r.edited).toBe(true);
    for (const word of ['apples', 'pears', 'banana', 'solution 0'])
      expect(r.searchText).toContain(word);
  });
});

describe('search', () => {
  const rows = [
    row(1, { text: 'A train travels 180 km' }, 'Speed is 60'),
    row(2, { text: 'A baker sells muffins' }, 'She fills 6 boxes'),
    row(3, { text: 'The TRAIN and the baker' }, 'none'),
  ];

  it('splits words, lower-cases them and drops repeats', () => {
    expect(searchTerms('  Train   BAKER train ')).toEqual(['train', 'baker']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('needs every word, in question or answer, case-insensitively', () => {
    const ids = (q: string) => browse(rows, all(), defaultSort(), searchTerms(q)).map((r) => r.id);
    expect(ids('train')).toEqual(['run-a:3', 'run-a:1']);
    expect(ids('Train Baker')).toEqual(['run-a:3']);
    expect(ids('boxes')).toEqual(['run-a:2']);
    expect(ids('train boxes')).toEqual([]);
    expect(ids('')).toHaveLength(3);
  });
});

describe('filters', () => {
  const kept = row(1, {
    agreement: 0.5,
    difficulty: { failRate: 0.5, agreement: 0.5, distinctAnswers: 2, answered: 4 },
  });
  const rejected = row(2, {
    status: 'rejected',
    rejectedAt: 'judge',
    verdicts: [
      { stage: 'generate', pass: true },
      { stage: 'judge', pass: false },
    ],
  });
  const reviewed: BrowseRow = { ...row(3), reviewStatus: 'accepted', model: 'other' };
  const rows = [kept, rejected, reviewed];
  const ids = (filter: BrowseFilter) =>
    rows.filter((r) => matchesFilter(r, filter)).map((r) => r.id);

  it('by status (kept by default)', () => {
    expect(ids(defaultFilter())).toEqual([kept.id, reviewed.id]);
    expect(ids(all({ status: 'rejected' }))).toEqual([rejected.id]);
  });

  it('by stage verdict: rejected at, passed, failed', () => {
    expect(ids(all({ stage: { stage: 'judge', outcome: 'rejected-at' } }))).toEqual([rejected.id]);
    expect(ids(all({ stage: { stage: 'judge', outcome: 'failed' } }))).toEqual([rejected.id]);
    expect(ids(all({ stage: { stage: 'judge', outcome: 'passed' } }))).toEqual([
      kept.id,
      reviewed.id,
    ]);
    expect(ids(all({ stage: { stage: 'language', outcome: 'passed' } }))).toEqual([
      kept.id,
      reviewed.id,
    ]);
  });

  it('by agreement and difficulty ranges; rows without a value drop out once bounded', () => {
    expect(ids(all({ agreement: { min: 0.6, max: null } }))).toEqual([reviewed.id]);
    expect(ids(all({ agreement: { min: null, max: 0.5 } }))).toEqual([kept.id, rejected.id]);
    expect(ids(all({ failRate: { min: 0.4, max: 0.6 } }))).toEqual([kept.id]);
    expect(ids(all({ rating: { min: 1, max: 5 } }))).toEqual([]);
  });

  it('by run, model and review state', () => {
    expect(ids(all({ runId: 'other-run' }))).toEqual([]);
    expect(ids(all({ runId: 'run-a' }))).toHaveLength(3);
    expect(ids(all({ model: 'other' }))).toEqual([reviewed.id]);
    expect(ids(all({ review: 'accepted' }))).toEqual([reviewed.id]);
    expect(ids(all({ review: 'pending' }))).toEqual([kept.id, rejected.id]);
    expect(ids(all({ review: 'edited' }))).toEqual([]);
  });

  it('counts review decisions', () => {
    expect(reviewCounts(rows)).toEqual({ accepted: 1, rejected: 0 });
  });
});

describe('sorting', () => {
  const rows = [
    row(1, { agreement: 0.4, createdAt: 30 }, 'short'),
    row(2, { agreement: 0.9, createdAt: 10 }, 'a much longer answer text than the others'),
    row(3, {
      agreement: 0.6,
      createdAt: 20,
      difficulty: { failRate: 0.75, agreement: 0.25, distinctAnswers: 3, answered: 4 },
    }),
  ];
  const order = (key: 'newest' | 'agreement' | 'difficulty' | 'length', descending = true) =>
    browse(rows, all(), { key, descending }).map((r) => r.id.slice(-1));

  it('orders by each key, both ways, without touching the input', () => {
    expect(order('newest')).toEqual(['1', '3', '2']);
    expect(order('newest', false)).toEqual(['2', '3', '1']);
    expect(order('agreement')).toEqual(['2', '3', '1']);
    expect(order('difficulty')).toEqual(['3', '1', '2']);
    expect(order('length')).toEqual(['2', '3', '1']);
    expect(rows.map((r) => r.id.slice(-1))).toEqual(['1', '2', '3']);
  });
});

describe('row updates', () => {
  it('merges fresh rows in place and appends new ones', () => {
    const a = row(1);
    const b = row(2);
    const b2 = { ...b, title: 'changed' };
    const c = row(3);
    expect(mergeRows([a, b], [b2, c]).map((r) => r.title)).toEqual([a.title, 'changed', c.title]);
  });

  it('patches only the listed rows', () => {
    const rows = [row(1), row(2)];
    const patched = patchRows(rows, ['run-a:2'], { reviewStatus: 'rejected' });
    expect(patched.map((r) => r.reviewStatus)).toEqual(['pending', 'rejected']);
    expect(rows[1]!.reviewStatus).toBe('pending');
  });

  it('lists each model once, sorted', () => {
    const rows = [row(1), { ...row(2), model: 'alpha' }, row(3), { ...row(4), model: '' }];
    expect(distinctModels(rows)).toEqual(['alpha', 'gen-model']);
  });
});
