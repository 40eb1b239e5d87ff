import { describe, expect, it } from 'vitest';
import { scaleQuestLine } from '../../../src/core/export/scaleQuestJsonl';

describe('ScaleQuest JSONL', () => {
  it('writes exactly query and response, one object per line, escaping newlines', () => {
    const line = scaleQuestLine({
      query: 'Q\nwith "quote"',
      response: 'R \\boxed{1}',
      extra: 'x',
    } as never);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ query: 'Q\nwith "quote"', response: 'R \\boxed{1}' });
  });
});
