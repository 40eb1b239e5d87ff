import { describe, expect, it } from 'vitest';
import { writeJsonl } from '../../../src/core/export/jsonlExport';
import { collectText } from '../../support/byteChunks';
import { FLAGGED_PAIRS as pairs, SAMPLE_PAIRS } from '../../support/exportPairs';

function parseLines(text: string): unknown[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('JSONL export writers', () => {
  it('ScaleQuest: exactly query and response, round trip', async () => {
    const rows = parseLines(await collectText(writeJsonl(SAMPLE_PAIRS)));
    expect(rows).toEqual(SAMPLE_PAIRS.map((p) => ({ query: p.query, response: p.response })));
  });

  it('messages: user then assistant, system only when given', async () => {
    const plain = parseLines(await collectText(writeJsonl(SAMPLE_PAIRS, { format: 'messages' })));
    expect(plain[0]).toEqual({
      messages: [
        { role: 'user', content: 'What is $1+1$?' },
        { role: 'assistant', content: 'It is \\boxed{2}.' },
      ],
    });
    const withSystem = parseLines(
      await collectText(writeJsonl(SAMPLE_PAIRS, { format: 'messages', system: 'Be brief.' })),
    );
    expect(withSystem[1]).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: SAMPLE_PAIRS[1]!.query },
        { role: 'assistant', content: SAMPLE_PAIRS[1]!.response },
      ],
    });
  });

  it('ShareGPT: conversations of from/value with human, gpt and optional system', async () => {
    const rows = parseLines(
      await collectText(writeJsonl(SAMPLE_PAIRS, { format: 'sharegpt', system: 'S' })),
    );
    expect(rows[2]).toEqual({
      conversations: [
        { from: 'system', value: 'S' },
        { from: 'human', value: 'x|y' },
        { from: 'gpt', value: '' },
      ],
    });
    const noSystem = parseLines(
      await collectText(writeJsonl(SAMPLE_PAIRS, { format: 'sharegpt' })),
    );
    expect(noSystem[0]).toEqual({
      conversations: [
        { from: 'human', value: 'What is $1+1$?' },
        { from: 'gpt', value: 'It is \\boxed{2}.' },
      ],
    });
  });

  it('Alpaca: instruction, empty input, output', async () => {
    const rows = parseLines(await collectText(writeJsonl(SAMPLE_PAIRS, { format: 'alpaca' })));
    expect(rows).toEqual(
      SAMPLE_PAIRS.map((p) => ({ instruction: p.query, input: '', output: p.response })),
    );
  });

  it('streams from an async source in bounded chunks', async () => {
    const pairs = Array.from({ length: 200 }, (_, i) => ({ query: `q${i}`, response: `r${i}` }));
    const chunks: string[] = [];
    for await (const c of writeJsonl(slowly(pairs), { chunkChars: 500 })) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(500 + 40);
    expect(parseLines(chunks.join(''))).toEqual(pairs);
  });

  it('writes nothing for no pairs', async () => {
    expect(await collectText(writeJsonl([]))).toBe('');
  });
});

describe('contamination flag columns', () => {
  it.each(['scalequest', 'messages', 'sharegpt', 'alpaca'] as const)(
    'are added to every %s line when asked, and only then',
    async (format) => {
      const flagged = parseLines(
        await collectText(writeJsonl(pairs, { format, contaminationColumns: true })),
      ) as Record<string, unknown>[];
      expect(flagged.map((l) => [l.contaminated, l.contamination_source])).toEqual([
        [true, 'gsm8k-test'],
        [false, null],
        [null, null],
      ]);
      expect(flagged[0]!.contamination_overlap).toBe(0.9);
      const plain = parseLines(await collectText(writeJsonl(pairs, { format }))) as Record<
        string,
        unknown
      >[];
      expect(plain.every((l) => !('contaminated' in l))).toBe(true);
    },
  );
});
