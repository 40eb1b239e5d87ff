import { describe, expect, it } from 'vitest';
import { SlidingRate } from '../../../src/engine/remote/slidingRate';

describe('SlidingRate', () => {
  it('sums what arrived in the window, per second', () => {
    const rate = new SlidingRate(10_000);
    for (let t = 0; t < 20_000; t += 100) rate.add(5, t);
    // 50 per second arrive; the window holds the last 10 s of them (to a fiftieth of it).
    expect(rate.perSecond(20_000)).toBeGreaterThanOrEqual(49);
    expect(rate.perSecond(20_050)).toBeLessThanOrEqual(50);
  });

  it('divides a young window by its real span, at least a second', () => {
    const rate = new SlidingRate(10_000);
    rate.add(30, 0);
    expect(rate.perSecond(500)).toBe(30);
    rate.add(30, 2_000);
    expect(rate.perSecond(3_000)).toBe(20);
  });

  it('forgets everything after a silence longer than the window', () => {
    const rate = new SlidingRate(10_000);
    for (let t = 0; t < 5_000; t += 10) rate.add(1, t);
    expect(rate.perSecond(5_000)).toBeGreaterThan(0);
    expect(rate.perSecond(16_000)).toBe(0);
    rate.add(10, 100_000);
    expect(rate.perSecond(100_000)).toBe(1);
  });
});
