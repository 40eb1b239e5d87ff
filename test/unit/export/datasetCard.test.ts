import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { datasetCard, sizeCategory } from '../../../src/core/export/datasetCard';
import { cardInput, SECRET } from './cardFixture';

function split(card: string): { front: unknown; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(card);
  expect(match).not.toBeNull();
  return { front: parse(match![1]!) as unknown, body: match![2]! };
}

describe('dataset card', () => {
  it('has YAML front matter the Hub understands', () => {
    const { front } = split(datasetCard(cardInput()));
    expect(front).toEqual({
      license: 'apache-2.0',
      task_categories: ['question-answering', 'text-generation'],
      language: ['en'],
      size_categories: ['10K<n<100K'],
      tags: ['math', 'synthetic', 'scalequest'],
      pretty_name: 'Tiny math set',
      configs: [
        { config_name: 'default', data_files: [{ split: 'train', path: 'data/train.parquet' }] },
        { config_name: 'sharegpt', data_files: [{ split: 'train', path: 'data/sharegpt.jsonl' }] },
      ],
    });
  });

  it('quotes awkward titles so the YAML still parses', () => {
    const input = { ...cardInput(), title: 'a: "b" # c\n- d', tags: ['x: y'] };
    const { front } = split(datasetCard(input));
    expect(front).toMatchObject({
      pretty_name: 'a: "b" # c\n- d',
      tags: ['math', 'synthetic', 'scalequest', 'x: y'],
    });
  });

  it('lists models, settings, seeds, funnel with reasons, license note and loading code', () => {
    const { body } = split(datasetCard(cardInput()));
    expect(body).toContain('# Tiny math set');
    expect(body).toContain('- Pairs: 12,345\n');
    expect(body).toContain('- Review rule: only pairs accepted in review');
    expect(body).toContain(
      '- Pairs by review state: 12,345 accepted included; left out: 3 not reviewed, 2 rejected; 7 pairs written with a person’s edits',
    );
    expect(body).toContain('| generator | Qwen2-Math-7B-QGen | apache-2.0 |');
    expect(body).toContain(
      '| solver | [Qwen2.5-Math-7B-Instruct](https://hf.co/Qwen) | see the model card |',
    );
    expect(body).toContain('### Run first \\| run (`run-1`)');
    expect(body).toContain('| Generation screen | length 1 to no limit | 30 | 5 |');
    expect(body).toContain(
      '- Solvability judge did not run for 10 attempts: off in this run’s settings.',
    );
    // Only in the funnel (with its counts), never among the checks that ran.
    expect(body).not.toMatch(/\| Solvability judge \| [^0-9]/);
    expect(body).toContain('- Seed: 42 (attempt *i* uses seed + *i* on a server');
    expect(body).toContain('| generation.temperature | 1 |');
    expect(body).toContain('| solve.samples | 3 |');
    expect(body).toContain('| solve.instruction | Reason step by step, \\\\boxed{}. |');
    expect(body).toContain('| Generation screen | 30 | 25 | 5 | 0 | cut off: 4; empty: 1 |');
    expect(body).toContain('| Duplicates | 25 | 10 | 15 | 0 | duplicate: 15 |');
    expect(body).toContain('| Solvability judge | 10 | 0 | 0 | 10 | — |');
    expect(body).toMatch(/licenses and terms of use apply/);
    // The reference sets: see the contamination test below.
    expect(body).toContain('load_dataset("me/tiny-math", split="train")');
    expect(body).toContain(
      'load_dataset("parquet", data_files="data/train.parquet", split="train")',
    );
    expect(body).toContain('load_dataset("json", data_files="data/sharegpt.jsonl", split="train")');
  });

  it('never contains a credential from the run settings', () => {
    const card = datasetCard(cardInput());
    expect(card).not.toContain(SECRET);
    expect(card).not.toContain('hunter2');
    expect(card).toContain('| endpoint.apiKey | \\[redacted\\] |');
    expect(card).toContain('| endpoint.headers.Authorization | \\[redacted\\] |');
  });

  it('states what the contamination check compared with and what it found', () => {
    const body = datasetCard(cardInput());
    expect(body).toContain(
      '12,400 generated questions were checked for contamination by word 13-grams shared with these reference sets:',
    );
    expect(body).toContain('- gsm8k-test: GSM8K test questions (1,319 questions, MIT)');
    // 4 overlapped: the run flags, 3 are in this data, 1 went elsewhere (a later stage or review).
    expect(body).toContain(
      '4 questions overlapped those sets: 0 dropped by the run settings, 3 kept and flagged in this data (1 rejected at a later stage or left out of this export).',
    );
    expect(body).toContain('The 3 flagged pairs are marked `contaminated: true`');
    expect(body).not.toContain('No pair in this data overlaps');
  });

  it('says when nothing overlapped, and how many a dropping run left out', () => {
    const input = cardInput();
    const run = input.runs[0]!;
    run.review.flagged = 0;
    run.contamination = { ...run.contamination!, overlapping: 0 };
    expect(datasetCard(input)).toContain('None of them overlaps those sets.');
    expect(datasetCard(input)).toContain('No pair in this data overlaps those sets.');
    run.contamination = { ...run.contamination, overlapping: 5, action: 'drop', dropped: 5 };
    expect(datasetCard(input)).toContain(
      '5 questions overlapped those sets: 5 dropped by the run settings, 0 kept and flagged in this data.',
    );
  });

  it('says no contamination check ran when none did', () => {
    const input = cardInput();
    const { contamination: _, ...run } = input.runs[0]!;
    const { body } = split(datasetCard({ ...input, runs: [run] }));
    expect(body).toContain('No contamination check against benchmark test sets ran');
    expect(body).not.toMatch(/checked for contamination/);
  });

  it('escapes names so no markdown viewer renders them as HTML or links', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(2)) `x` **b**';
    const input = cardInput();
    const card = datasetCard({
      ...input,
      title: hostile,
      description: hostile,
      models: [{ role: 'generator', name: hostile, url: 'javascript:alert(3)' }],
      runs: [{ ...input.runs[0]!, name: hostile }],
    });
    const { body, front } = split(card);
    // Nowhere in the file, front matter included (YAML reads the \u escapes back as written).
    expect(card).not.toMatch(/<img/);
    expect((front as { pretty_name: string }).pretty_name).toBe(hostile);
    expect(body).not.toMatch(/<img/);
    expect(body).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).toContain('\\[click\\](javascript:alert(2))');
  });

  it('shows "no limit" instead of a sentinel number in the settings', () => {
    const input = cardInput();
    const settings = { screen: { minChars: 1, maxChars: Number.MAX_SAFE_INTEGER } };
    const card = datasetCard({ ...input, runs: [{ ...input.runs[0]!, settings }] });
    expect(card).toContain('| screen.maxChars | no limit |');
    expect(card).not.toContain('9007199254740991');
  });

  it.each([
    [0, 'n<1K'],
    [999, 'n<1K'],
    [1000, '1K<n<10K'],
    [100_000, '100K<n<1M'],
  ])('size category of %i is %s', (n, expected) => {
    expect(sizeCategory(n)).toBe(expected);
  });
});
