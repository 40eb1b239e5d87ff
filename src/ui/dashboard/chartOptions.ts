/** uPlot options for the dashboard's two chart shapes, coloured from the theme's CSS variables. */
import type uPlot from 'uplot';

export type ChartKind = 'bars' | 'time';

export interface ChartSeries {
  label: string;
  values: number[];
  /** CSS variable holding the colour, e.g. "--chart-1". */
  colorVar: string;
}

export interface ChartData {
  kind: ChartKind;
  /** Category labels (bars) or epoch seconds (time). */
  x: string[] | number[];
  series: ChartSeries[];
}

const cssVar = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function chartOptions(
  lib: typeof uPlot,
  data: ChartData,
  width: number,
  height: number,
): uPlot.Options {
  const text = cssVar('--muted');
  const grid = cssVar('--border');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  const bars = data.kind === 'bars';
  const labels = bars ? (data.x as string[]) : [];
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: bars ? { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } : { time: true },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      bars
        ? {
            ...axis,
            splits: () => labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          }
        : axis,
      { ...axis, size: 40 },
    ],
    series: [
      {},
      ...data.series.map((s) => {
        const color = cssVar(s.colorVar);
        return bars
          ? {
              label: s.label,
              stroke: color,
              fill: color,
              paths: lib.paths.bars!({ size: [0.7, 80] }),
              points: { show: false },
            }
          : { label: s.label, stroke: color, width: 2, points: { show: false } };
      }),
    ],
  };
}

export function chartData(data: ChartData): uPlot.AlignedData {
  const x = data.kind === 'bars' ? data.x.map((_, i) => i) : (data.x as number[]);
  return [x, ...data.series.map((s) => s.values)];
}
