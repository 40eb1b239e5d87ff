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
  /** Axis titles with their units, e.g. "Tokens" or "Share of solutions agreeing". */
  xLabel: string;
  yLabel: string;
}

/** Canvas text: 12 px system sans-serif, about 7 px per character (the estimate below). */
const FONT = '12px system-ui, sans-serif';
const CHAR_PX = 7;
const LINE_PX = 16;

/**
 * A category label broken into lines of at most `maxChars` characters at spaces (a single
 * longer word keeps its own line), so neighbouring labels never overlap.
 */
export function wrapLabel(label: string, maxChars: number): string {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= maxChars)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** Room a vertical axis needs for its widest tick label, plus the tick and gap. */
export function yAxisSize(values: readonly string[] | null | undefined): number {
  const widest = Math.max(1, ...(values ?? []).map((v) => v.length));
  return Math.ceil(widest * CHAR_PX + 18);
}

/** Height a horizontal axis needs for labels of up to `lines` lines. */
export function xAxisSize(values: readonly string[] | null | undefined): number {
  const lines = Math.max(1, ...(values ?? []).map((v) => v.split('\n').length));
  return lines * LINE_PX + 12;
}

/** Whole numbers with thousands separators; the y axes count questions and tokens. */
const countFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

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
  const axis = {
    stroke: text,
    font: FONT,
    labelFont: FONT,
    labelSize: LINE_PX + 4,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid },
  };
  const bars = data.kind === 'bars';
  // Each bar's label wraps to the width of its slot (the plot is roughly width − 60 px).
  const slotChars = bars
    ? Math.max(4, Math.floor((width - 60) / Math.max(1, data.x.length) / CHAR_PX) - 1)
    : 0;
  const labels = bars ? (data.x as string[]).map((l) => wrapLabel(l, slotChars)) : [];
  return {
    width,
    height,
    // The legend is the component's own (HTML, themed); uPlot's would need its own styling.
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
            label: data.xLabel,
            size: (_u, values) => xAxisSize(values),
            splits: () => labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          }
        : { ...axis, label: data.xLabel, size: xAxisSize(['a\nb']) },
      {
        ...axis,
        label: data.yLabel,
        size: (_u, values) => yAxisSize(values),
        values: (_u, splits) =>
          splits.map((v) => (Number.isInteger(v) ? countFormat.format(v) : '')),
      },
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
