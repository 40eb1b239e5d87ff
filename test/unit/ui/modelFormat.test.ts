import { describe, expect, it } from 'vitest';
import { formatBytes, nextStep } from '../../../src/ui/models/format';
import { formatDuration as formatEta } from '../../../src/core/runs/runPace';

describe('local model display helpers', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
  });

  it('formats an ETA in seconds, minutes and hours', () => {
    expect(formatEta(4.6)).toBe('5 s');
    expect(formatEta(75)).toBe('1 min 15 s');
    expect(formatEta(3 * 3600 + 120)).toBe('3 h 2 min');
  });

  it('gives a concrete next step per error code', () => {
    expect(nextStep('quota')).toMatch(/delete cached models/);
    expect(nextStep('out_of_memory')).toMatch(/smaller model/);
    expect(nextStep('bad_response')).toMatch(/delete the cached files and retry/);
  });
});
