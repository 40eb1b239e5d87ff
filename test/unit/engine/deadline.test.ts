import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../../src/engine/http/deadline';
import { onAbort } from '../../../src/core/abortWatch';

afterEach(() => {
  vi.useRealTimers();
});

describe('Deadline', () => {
  it('lets a stream that keeps talking run past 300 s, up to its total limit', () => {
    vi.useFakeTimers();
    let now = 0;
    const expired: string[] = [];
    const deadline = new Deadline(
      { idleMs: 30_000, totalMs: 900_000 },
      (why) => expired.push(why),
      () => now,
    );
    for (let s = 0; s < 600; s += 10) {
      now = s * 1000;
      vi.advanceTimersByTime(10_000);
      deadline.touch();
    }
    expect(expired).toEqual([]);
    now = 900_000;
    vi.advanceTimersByTime(300_000);
    expect(expired).toEqual(['total']);
  });

  it('cuts after an idle gap, measured from the last byte, and reports the longest silence', () => {
    vi.useFakeTimers();
    let now = 0;
    const expired: string[] = [];
    const deadline = new Deadline(
      { idleMs: 5_000, totalMs: 600_000 },
      (why) => expired.push(why),
      () => now,
    );
    now = 1_200;
    deadline.touch();
    now = 4_000;
    vi.advanceTimersByTime(4_000);
    deadline.touch();
    expect(expired).toEqual([]);
    now = 9_100;
    vi.advanceTimersByTime(5_100);
    expect(expired).toEqual(['idle']);
    expect(deadline.stop()).toEqual({ firstByteMs: 1_200, maxGapMs: 5_100, totalMs: 9_100 });
  });
});

describe('onAbort', () => {
  it('adds one listener to a signal however many calls watch it', () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const calls: number[] = [];
    const unwatch = Array.from({ length: 1000 }, (_, i) =>
      onAbort(controller.signal, () => calls.push(i)),
    );
    unwatch[3]!();
    controller.abort();
    expect(add).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(999);
    expect(calls).not.toContain(3);
    onAbort(controller.signal, () => calls.push(-1));
    expect(calls).not.toContain(-1);
  });
});
