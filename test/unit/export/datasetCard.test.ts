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
    expect(body).toContain('- Pairs: 12345 (only pairs accepted in review)');
    expect(body).toContain('| generator | Qwen2-Math-7B-QGen | apache-2.0 |');
    expect(body).toContain(
      '| solver | [Qwen2.5-Math-7B-Instruct](https://hf.co/Qwen) | see the model card |',
    );
    expect(body).toContain('### Run first \\| run (`run-1`)');
    expect(body).toContain('- Seed: 42 (attempt *i* uses seed + *i* on a server');
    expect(body).toContain('| generation.temperature | 1 |');
    expect(body).toContain('| solve.samples | 3 |');
    expect(body).toContain('| solve.instruction | Reason step by step, \\\\boxed{}. |');
    expect(body).toContain('| generate | 30 | 25 | 5 | cut off: 4; empty: 1 |');
    expect(body).toContain('| dedup | 25 | 10 | 15 | duplicate: 15 |');
    expect(body).toMatch(/licenses and terms of use apply/);
    expect(body).toMatch(/No rows from public benchmarks/);
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
    expect(card).toContain('| endpoint.apiKey | [redacted] |');
    expect(card).toContain('| endpoint.headers.Authorization | [redacted] |');
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
