import { describe, expect, it } from 'vitest';
import { wrapLabel, xAxisSize, yAxisSize } from '../../../src/ui/dashboard/chartOptions';

describe('chart axes', () => {
  it('wraps category labels to their slot so neighbours never overlap', () => {
    const stages = ['Generation screen', 'Solvability judge', 'Solving', 'Difficulty rating'];
    // A 390 px phone leaves ~330 px of chart: four bars get ~67 px, 8 characters each.
    for (const max of [8, 12, 30]) {
      for (const label of stages) {
        const lines = wrapLabel(label, max).split('\n');
        for (const line of lines) expect(line.length <= max || !line.includes(' ')).toBe(true);
        expect(lines.join(' ')).toBe(label);
      }
    }
    expect(wrapLabel('Solvability judge', 12)).toBe('Solvability\njudge');
    expect(wrapLabel('Solving', 4)).toBe('Solving');
  });

  it('gives the y axis room for its widest label and the x axis for its lines', () => {
    expect(yAxisSize(['0', '500', '1.5K'])).toBeGreaterThanOrEqual(4 * 7 + 10);
    expect(yAxisSize(['12.5K'])).toBeGreaterThan(yAxisSize(['5']));
    expect(yAxisSize(null)).toBeGreaterThan(0);
    expect(xAxisSize(['a\nb', 'c'])).toBeGreaterThan(xAxisSize(['a', 'c']));
  });
});
