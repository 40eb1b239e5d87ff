import { describe, expect, it } from 'vitest';
import { attemptsWanted } from '../../../src/core/pipeline/attemptsWanted';

const run = { width: 1016, lookAhead: 16, targetPairs: 1000 };

describe('attemptsWanted', () => {
  it('runs the whole width while far from the target, or with no keep rate yet', () => {
    expect(attemptsWanted({ ...run, kept: 0, attempts: 0, keptUnsaved: 0 })).toBe(1016);
    expect(attemptsWanted({ ...run, kept: 0, attempts: 400, keptUnsaved: 0 })).toBe(1016);
    expect(attemptsWanted({ ...run, kept: 200, attempts: 400, keptUnsaved: 0 })).toBe(1016);
  });

  it('near the target, asks for what the keep rate says is missing, with a margin', () => {
    // 10 missing at 2 attempts per kept: 10 × 2 × 1.5 + 16.
    expect(attemptsWanted({ ...run, kept: 990, attempts: 1980, keptUnsaved: 0 })).toBe(46);
    // Kept answers waiting to be stored count as found.
    expect(attemptsWanted({ ...run, kept: 990, attempts: 1980, keptUnsaved: 6 })).toBe(28);
    // A run that keeps everything still asks for at least one attempt per missing pair.
    expect(attemptsWanted({ ...run, kept: 990, attempts: 990, keptUnsaved: 0 })).toBe(31);
  });

  it('wants nothing once the target is found', () => {
    expect(attemptsWanted({ ...run, kept: 1000, attempts: 1500, keptUnsaved: 0 })).toBe(0);
    expect(attemptsWanted({ ...run, kept: 998, attempts: 1500, keptUnsaved: 2 })).toBe(0);
  });
});
