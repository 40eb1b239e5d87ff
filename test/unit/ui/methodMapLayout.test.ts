import { describe, expect, it } from 'vitest';
import { HORIZONTAL_MIN_WIDTH, methodMapLayout } from '../../../src/ui/method/methodMapLayout';
import { METHOD_STEPS, type MethodFlow, type StepCounts } from '../../../src/ui/method/methodSteps';
import { shareText } from '../../../src/ui/method/mapText';
import { flowDescription, methodFlow } from '../../../src/ui/method/methodFlow';

/** A consistent flow: each step gets what the one before let through. */
function flowOf(rows: [failed: number, skipped: number][], attempts: number): MethodFlow {
  const flow = {} as MethodFlow;
  let reached = attempts;
  METHOD_STEPS.forEach(({ step }, i) => {
    const [failed, skipped] = rows[i] ?? [0, 0];
    flow[step] = { reached, failed, skipped, passed: reached - failed - skipped };
    reached -= failed;
  });
  return flow;
}

/** The numbers of an SVG path, in order. */
const numbers = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('method map layout', () => {
  it('puts the ten steps left to right on a wide screen and top to bottom on a phone', () => {
    const wide = methodMapLayout({ width: 1036, lines: 1 });
    expect(wide.orientation).toBe('horizontal');
    expect(wide.nodes.map((n) => n.step)).toEqual(METHOD_STEPS.map((s) => s.step));
    for (let i = 1; i < wide.nodes.length; i++) {
      const [a, b] = [wide.nodes[i - 1]!, wide.nodes[i]!];
      expect(b.x).toBeGreaterThanOrEqual(a.x + a.w); // no overlap
      expect(b.y).toBe(a.y);
    }
    expect(wide.nodes.at(-1)!.x + wide.nodes.at(-1)!.w).toBeLessThanOrEqual(1036);
    expect(wide.arrows).toHaveLength(9);

    const phone = methodMapLayout({ width: 330, lines: 2 });
    expect(phone.orientation).toBe('vertical');
    for (let i = 1; i < phone.nodes.length; i++)
      expect(phone.nodes[i]!.y).toBeGreaterThanOrEqual(
        phone.nodes[i - 1]!.y + phone.nodes[i - 1]!.h,
      );
    expect(phone.width).toBe(330);
    expect(phone.height).toBeGreaterThanOrEqual(phone.nodes.at(-1)!.y + phone.nodes.at(-1)!.h);
    expect(methodMapLayout({ width: HORIZONTAL_MIN_WIDTH - 1, lines: 1 }).orientation).toBe(
      'vertical',
    );
  });

  it('on a phone, a compact map is one row of numbered boxes (the step it goes with stays in view)', () => {
    const compact = methodMapLayout({ width: 330, lines: 1, compact: true });
    expect(compact.orientation).toBe('compact');
    expect(compact.nodes.map((n) => n.step)).toEqual(METHOD_STEPS.map((s) => s.step));
    for (let i = 1; i < compact.nodes.length; i++) {
      const [a, b] = [compact.nodes[i - 1]!, compact.nodes[i]!];
      expect(b.x).toBeGreaterThanOrEqual(a.x + a.w);
      expect(b.y).toBe(a.y);
    }
    expect(compact.nodes.at(-1)!.x + compact.nodes.at(-1)!.w).toBeLessThanOrEqual(330);
    // A few lines of text high, where the stacked map is ten boxes high.
    expect(compact.height).toBeLessThan(60);
    expect(methodMapLayout({ width: 330, lines: 1 }).height).toBeGreaterThan(300);
    // Wide enough, the boxes go left to right with their names; a flow is never compact.
    expect(methodMapLayout({ width: 1036, lines: 2, compact: true }).orientation).toBe(
      'horizontal',
    );
    const flow = flowOf([], 10);
    expect(methodMapLayout({ width: 330, lines: 2, compact: true, flow }).orientation).toBe(
      'vertical',
    );
  });

  it('draws a band whose thickness is the questions that go on, and a ribbon per rejecting step', () => {
    // 100 attempts: 10 rejected by the screen, 20 by language, 5 skipped at contamination, 30 by the judge.
    const flow = flowOf(
      [
        [0, 0],
        [10, 0],
        [20, 0],
        [0, 0],
        [0, 5],
        [30, 0],
      ],
      100,
    );
    for (const width of [1036, 330]) {
      const map = methodMapLayout({ width, lines: 3, flow });
      const along = map.orientation === 'horizontal' ? 1 : 0; // index of the across coordinate
      expect(map.arrows).toEqual([]);
      expect(map.drops.map((d) => [d.step, d.count])).toEqual([
        ['judge', 30],
        ['language', 20],
        ['screen', 10],
      ]);
      expect(map.skips.map((s) => [s.step, s.count])).toEqual([['contamination', 5]]);
      // The band's thickness at its start (100 questions) and at its end (40 go on) differ by
      // the share rejected on the way.
      const pts = numbers(map.band!);
      const across = pts.filter((_, i) => i % 2 === along);
      const top = Math.min(...across);
      const start = across.at(-1)! - top;
      const end = across[2]! - top;
      expect(end / start).toBeCloseTo(40 / 100, 2);
      // A ribbon is as thick as the share it takes away: M, the outer arc, then the two lines
      // at its far end, whose along-coordinates differ by its thickness.
      const judge = map.drops[0]!;
      const r = numbers(judge.path);
      const ribbon = map.orientation === 'horizontal' ? r[9]! - r[11]! : r[10]! - r[12]!;
      expect(Math.abs(ribbon)).toBeCloseTo(
        (30 / 100) * (map.orientation === 'horizontal' ? 40 : 30),
        0,
      );
      // Everything stays inside the drawing.
      for (const v of pts) expect(v).toBeLessThanOrEqual(Math.max(map.width, map.height));
    }
  });

  it('draws nothing for a step nobody reached and never divides by zero', () => {
    const map = methodMapLayout({ width: 1036, lines: 3, flow: flowOf([], 0) });
    expect(map.drops).toEqual([]);
    expect(map.band).not.toMatch(/NaN|Infinity/);
  });
});

describe('share that passes', () => {
  const c = (passed: number, failed: number, skipped = 0): StepCounts => ({
    reached: passed + failed + skipped,
    passed,
    failed,
    skipped,
  });
  it('counts only the questions the step checked and never rounds a result away', () => {
    expect(shareText(c(78, 22))).toBe('78% pass');
    expect(shareText(c(50, 0, 50))).toBe('100% pass');
    expect(shareText(c(0, 0, 7))).toBe('skipped');
    expect(shareText(c(0, 0))).toBe('—');
    expect(shareText(c(999, 1))).toBe('>99% pass');
    expect(shareText(c(1, 999))).toBe('<1% pass');
  });
});

describe('dashboard flow', () => {
  it('takes each step from its stage row and says it in words', () => {
    const flow = methodFlow(
      [
        { stage: 'generate', reached: 10, passed: 9, failed: 1 },
        { stage: 'language', reached: 9, passed: 6, failed: 3 },
        { stage: 'contamination', reached: 6, passed: 0, failed: 0, skipped: 6 },
      ],
      10,
    );
    expect(flow.generate).toEqual({ reached: 10, passed: 10, failed: 0, skipped: 0 });
    expect(flow.screen).toEqual({ reached: 10, passed: 9, failed: 1, skipped: 0 });
    expect(flow.language.failed).toBe(3);
    expect(flow.judge.reached).toBe(0);
    const words = flowDescription(flow);
    expect(words).toContain('Generate: 10 written.');
    expect(words).toContain('Language: 9 reached, 3 rejected (67% pass).');
    expect(words).toContain('Contamination: 6 reached, 0 rejected, 6 skipped (skipped).');
    expect(words).toContain('Judge: none reached yet.');
  });
});
