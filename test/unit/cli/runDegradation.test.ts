// What a run did worse than asked is counted and said: unreadable scores, kept answers chosen
// without a readable score, and kept questions that overlap a reference set.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/run/headlessRun';
import {
  endpointOf,
  questionFor,
  readLines,
  runFiles,
  runHeadless,
  serve,
  testRun,
} from '../../support/headlessRunHarness';

describe('scalequest run degradation', () => {
  it('counts unreadable scores and contaminated kept questions in progress, summary and card', async () => {
    const server = await serve();
    const { dir, config, out, card } = runFiles({
      run: testRun({
        targetPairs: 3,
        // The scripted judge answers "…Answer: Yes", never a 1–10 score.
        selection: { scorer: 'local-judge' },
        contamination: { enabled: true, ngram: 13, action: 'flag' },
      }),
      endpoints: [endpointOf(server)],
      reference: { files: [{ path: 'ref.jsonl', field: 'question', source: 'mini-test' }] },
    });
    // The reference set holds the run's first question word for word.
    writeFileSync(join(dir, 'ref.jsonl'), `${JSON.stringify({ question: questionFor(1) })}\n`);
    const result = await runHeadless({ config, out, card, verbose: true });
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(
      /attempt 3: kept · .* · \d+\/\d+ scores unreadable, \d+ kept without a readable score, 1 kept flagged as contaminated/,
    );
    expect(result.stderr).toMatch(
      /done: 3 pairs written .*; 9\/9 scores unreadable, 3 kept without a readable score, 1 kept flagged as contaminated\)/,
    );
    const text = readFileSync(card, 'utf8');
    expect(text).toContain('## Checks and fallbacks of this run');
    // Every set it was checked against is named (the built-in ones too).
    expect(text).toMatch(/3 questions checked against .*mini-test \(13-grams, action: flag\)/);
    // The general contamination section states what was found, and where the flag is.
    expect(text).toContain('3 generated questions were checked for contamination by word 13-grams');
    expect(text).toContain(
      '1 question overlapped one of those sets: 0 dropped by the run settings, 1 kept and flagged in this data.',
    );
    expect(text).toContain('The 1 flagged pair is marked `contaminated: true`');
    expect(text).not.toContain('No pair in this data overlaps');
    // The pairs file carries the verdict of every pair.
    const flags = readLines(out).map((l) => (l as { contaminated: boolean }).contaminated);
    expect(flags.sort()).toEqual([false, false, true]);
    expect(readLines(out)).toContainEqual(
      expect.objectContaining({ contaminated: true, contamination_source: 'mini-test' }),
    );
    expect(text).toMatch(
      /\*\*1 kept question overlaps a reference set\*\* and is flagged, not removed: `[^`]+` \(mini-test, 100%\)/,
    );
    expect(text).toContain(
      'Scores: 9 of 9 could not be read; 3 kept answers were chosen without any readable score',
    );
  });
});
