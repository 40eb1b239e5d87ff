import { describe, expect, it } from 'vitest';
import { digitsBound, tooLargeToEvaluate } from '../../../src/core/answers/magnitudeBound';

describe('magnitudeBound', () => {
  it('bounds the digits of powers, factorials, sums and products from above', () => {
    expect(digitsBound(['Power', 2, 1009])).toBeGreaterThanOrEqual(304);
    expect(digitsBound(['Factorial', 100])).toBeGreaterThanOrEqual(158);
    expect(digitsBound({ num: '123456789012345678901234567890' })).toBeGreaterThanOrEqual(30);
    expect(digitsBound(['Sum', 'k', ['Limits', 'k', 1, 10]])).toBeLessThan(10);
  });

  it.each([
    [['Power', 2, ['Power', 2, ['Power', 2, 30]]], true],
    [['Power', 9, ['Power', 9, 9]], true],
    [['Sum', ['Power', 'k', 2], ['Limits', 'k', 1, ['Power', 10, 12]]], true],
    [['Factorial', ['Power', 10, 9]], true],
    [['Power', 2, 1009], false],
    [['Factorial', 1000], false],
    [['Add', ['Power', 'x', 2], ['Multiply', 2, 'x'], 1], false],
    [['Power', 2, ['Power', 2, 'x']], false],
  ])('%j too large: %s', (json, expected) => {
    expect(tooLargeToEvaluate(json)).toBe(expected);
  });
});
