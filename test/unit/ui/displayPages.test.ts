import { describe, expect, it } from 'vitest';
import { displayPages } from '../../../src/ui/dataset/markdown/displayPages';
import { longAnswer } from '../../support/uiFreeze';

describe('displayPages', () => {
  it('keeps a short text whole', () => {
    expect(displayPages('One $x$.\n\nTwo.', 100)).toEqual(['One $x$.\n\nTwo.']);
  });

  it('cuts a long answer into parts that join back to it, each near the part size', () => {
    const text = longAnswer(200_000);
    const pages = displayPages(text, 10_000);
    expect(pages.join('')).toBe(text);
    expect(pages.length).toBeGreaterThan(15);
    for (const page of pages.slice(0, -1)) {
      expect(page.length).toBeGreaterThanOrEqual(10_000);
      expect(page.length).toBeLessThan(11_000);
      expect(page.endsWith('\n\n')).toBe(true);
    }
  });

  it('never cuts inside display math or a code fence', () => {
    const filler = 'word '.repeat(30) + '\n\n';
    const math = '$$\na = b\n\nc = d\n$$\n\n';
    const fence = '```\nx = 1\n\ny = 2\n```\n\n';
    const text = (filler + math + filler + fence).repeat(50);
    const pages = displayPages(text, 200);
    expect(pages.join('')).toBe(text);
    for (const page of pages) {
      expect((page.match(/\$\$/g) ?? []).length % 2).toBe(0);
      expect((page.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it('cuts text without blank lines, even one enormous line, near four parts at most', () => {
    const lines = 'a line of text\n'.repeat(10_000);
    const oneLine = 'word '.repeat(100_000);
    for (const text of [lines, oneLine]) {
      const pages = displayPages(text, 1_000);
      expect(pages.join('')).toBe(text);
      expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(4_000);
    }
  });
});

describe('displayPages with a budget', () => {
  it('cuts only the parts that start within the budget, the same as the whole cut', () => {
    const text = longAnswer(300_000);
    const all = displayPages(text, 1_500);
    const first = displayPages(text, 1_500, 6_000);
    expect(first).toEqual(all.slice(0, first.length));
    expect(first.slice(0, -1).join('').length).toBeLessThan(6_000);
    expect(first.join('').length).toBeGreaterThanOrEqual(6_000);
  });
});
