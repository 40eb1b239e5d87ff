import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MINSTD_MODULUS, mixedSeed, requestSeed } from '../../../src/core/pipeline/seeds';
import { firstDraw, WebLlmMinstd } from '../../support/webLlmMinstd';

/** Share of draws in each tenth of (0, 1). */
function deciles(draws: number[]): number[] {
  const counts = Array.from({ length: 10 }, () => 0);
  for (const d of draws) counts[Math.min(9, Math.floor(d * 10))]!++;
  return counts.map((c) => c / draws.length);
}

/** Kolmogorov–Smirnov distance from the uniform distribution. */
function ksUniform(draws: number[]): number {
  const sorted = [...draws].sort((a, b) => a - b);
  let distance = 0;
  sorted.forEach((d, i) => {
    distance = Math.max(distance, (i + 1) / sorted.length - d, d - i / sorted.length);
  });
  return distance;
}

describe('the generator copy matches WebLLM 0.2.86', () => {
  it('has the bundled constants and rules', () => {
    const entry = createRequire(import.meta.url).resolve('@mlc-ai/web-llm');
    const source = readFileSync(entry, 'utf8');
    const at = source.indexOf('class LinearCongruentialGenerator');
    const body = source.slice(at, at + 4000);
    expect(at).toBeGreaterThan(0);
    expect(body).toContain('this.modulus = 2147483647');
    expect(body).toContain('this.multiplier = 48271');
    expect(body).toContain('this.increment = 0');
    expect(body).toContain('this.rand_state = seed % this.modulus');
    expect(body).toMatch(/if \(this\.rand_state == 0\) \{\s*this\.rand_state = 1;/);
    expect(body).toContain('this.multiplier * this.rand_state + this.increment');
    expect(body).toContain('return this.nextInt() / this.modulus');
    // MINSTD's published check value: the 10,000th state from seed 1 is 399268537.
    const g = new WebLlmMinstd(1);
    for (let i = 1; i < 10_000; i++) g.nextInt();
    expect(g.nextInt()).toBe(399268537);
  });
});

describe('seeds sent to WebLLM', () => {
  it('plain "run seed + attempt" seeds start every request near 0 (the bug)', () => {
    const draws = Array.from({ length: 200 }, (_, attempt) => firstDraw(0 + attempt));
    expect(Math.max(...draws)).toBeLessThan(0.005);
    expect(firstDraw(0)).toBe(firstDraw(1));
  });

  it('are reproducible, inside [1, 2^31 − 2], and differ by attempt and sample', () => {
    expect(mixedSeed(0, 0)).toBe(mixedSeed(0, 0));
    expect(mixedSeed(0, 0)).not.toBe(mixedSeed(0, 1));
    expect(mixedSeed(0, 0)).not.toBe(mixedSeed(1, 0));
    expect(mixedSeed(0, 3, 0)).not.toBe(mixedSeed(0, 3, 1));
    // Run seed + attempt no longer collapse: (0, 1) and (1, 0) are different requests.
    expect(mixedSeed(0, 1)).not.toBe(mixedSeed(1, 0));
    const seeds = new Set<number>();
    for (const run of [0, 1, 5, 42, 2 ** 40 + 3])
      for (let attempt = 0; attempt < 2000; attempt++) {
        const s = mixedSeed(run, attempt);
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(MINSTD_MODULUS - 1);
        seeds.add(s);
      }
    expect(seeds.size).toBeGreaterThan(9990);
  });

  it('give first draws spread over (0, 1) for consecutive attempts', () => {
    const critical1pct = (n: number) => 1.63 / Math.sqrt(n);
    const pooled: number[] = [];
    for (const run of [0, 5, 6, 11, 12, 13, 21, 22, 23, 1000]) {
      const draws = Array.from({ length: 1000 }, (_, attempt) =>
        firstDraw(mixedSeed(run, attempt)),
      );
      pooled.push(...draws);
      for (const share of deciles(draws)) {
        expect(share).toBeGreaterThan(0.06);
        expect(share).toBeLessThan(0.14);
      }
      // The first few attempts of a run already disagree about the first token.
      const firstFive = draws.slice(0, 5);
      expect(Math.max(...firstFive) - Math.min(...firstFive)).toBeGreaterThan(0.2);
    }
    expect(ksUniform(pooled)).toBeLessThan(critical1pct(pooled.length));
    // Run by run, the 1 % Kolmogorov–Smirnov test fails about as often as chance allows.
    let failed = 0;
    for (let run = 0; run < 200; run++) {
      const draws = Array.from({ length: 500 }, (_, attempt) => firstDraw(mixedSeed(run, attempt)));
      if (ksUniform(draws) > critical1pct(draws.length)) failed++;
    }
    expect(failed).toBeLessThanOrEqual(6);
  });

  it('are scrambled for WebLLM only; remote servers get the plain seed', () => {
    expect(requestSeed({ kind: 'webllm' }, 7, 3)).toBe(mixedSeed(7, 3));
    expect(requestSeed({ kind: 'remote' }, 7, 3)).toBe(10);
  });
});
