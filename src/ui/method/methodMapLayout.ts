/**
 * Geometry of the method map (pure, unit-tested): ten step boxes in pipeline order, left to right
 * when there is room and top to bottom on a phone, with arrows between them — or, given counts,
 * a Sankey-style band whose thickness is the number of questions that go on, and a ribbon peeling
 * off at each step for the ones it rejected.
 *
 * Everything is computed in (along, across) coordinates and turned into screen x/y at the end, so
 * the two orientations share one drawing.
 */
import { METHOD_STEPS, type MethodFlow, type MethodStep } from './methodSteps';

/**
 * `compact` is a phone's stepper: one row of numbered boxes, used where the map goes with a step
 * of text (Explain), so the step stays in view instead of below ten stacked boxes.
 */
export type Orientation = 'horizontal' | 'vertical' | 'compact';

export interface MapNode {
  step: MethodStep;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapDrop {
  step: MethodStep;
  count: number;
  /** The ribbon of rejected questions. */
  path: string;
  /** Where its count is written. */
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle';
}

export interface MapSkip {
  step: MethodStep;
  count: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapLayout {
  orientation: Orientation;
  width: number;
  height: number;
  /** Size of one text line (px); the component writes up to `lines` lines in each box. */
  fontSize: number;
  lines: number;
  nodes: MapNode[];
  /** Arrows between consecutive boxes (drawn when there is no flow), as SVG path data. */
  arrows: string[];
  /** The band of questions that go on, as SVG path data (flow only). */
  band?: string;
  drops: MapDrop[];
  skips: MapSkip[];
}

export interface LayoutInput {
  /** Width available, in CSS pixels. */
  width: number;
  flow?: MethodFlow;
  /** Text lines per box (label, then notes or figures). */
  lines: number;
  /** Larger type and boxes, e.g. 1.6 for a projector. */
  scale?: number;
  /** Where the boxes would be stacked, one row of numbered boxes instead (never with a flow). */
  compact?: boolean;
}

/** Below this width the steps are stacked top to bottom. */
export const HORIZONTAL_MIN_WIDTH = 880;

const STEPS = METHOD_STEPS.map((s) => s.step);
const round = (n: number) => Math.round(n * 10) / 10;

/** Left to right when the ten boxes fit, else top to bottom (or one row of numbers). */
export function orientationFor(width: number, scale = 1, compact = false): Orientation {
  if (width >= HORIZONTAL_MIN_WIDTH * scale) return 'horizontal';
  return compact ? 'compact' : 'vertical';
}

/** One row of ten numbered boxes across the width, touching but for a small gap. */
function compactLayout(width: number, scale: number, lines: number): MapLayout {
  const fontSize = 12 * scale;
  const pitch = width / STEPS.length;
  const gap = 4 * scale;
  const h = Math.round(fontSize * 1.35) + 14 * scale;
  return {
    orientation: 'compact',
    width,
    height: Math.ceil(h + 2),
    fontSize,
    lines,
    nodes: STEPS.map((step, i) => ({
      step,
      x: round(i * pitch + gap / 2),
      y: 0,
      w: round(pitch - gap),
      h: round(h),
    })),
    arrows: [],
    drops: [],
    skips: [],
  };
}

export function methodMapLayout(input: LayoutInput): MapLayout {
  const scale = input.scale ?? 1;
  const width = Math.max(280, Math.floor(input.width || 0));
  const orientation = orientationFor(width, scale, input.compact === true && !input.flow);
  if (orientation === 'compact') return compactLayout(width, scale, 1);
  const fontSize = 12 * scale;
  const lineStep = Math.round(fontSize * 1.35);
  const horizontal = orientation === 'horizontal';
  const flow = input.flow;

  // Box sizes along the pipeline and across it, and the distance between box starts.
  const tail = flow && horizontal ? 0.5 : 0; // room after the last box for the band's end
  const pitch = horizontal
    ? width / (STEPS.length + tail)
    : lineStep * input.lines + 12 * scale + (flow ? 16 : 12) * scale;
  const nodeAlong = horizontal ? pitch - 12 * scale : lineStep * input.lines + 12 * scale;
  const nodeAcross = horizontal
    ? lineStep * input.lines + 12 * scale
    : flow
      ? Math.min(190 * scale, Math.floor(width * 0.5))
      : width;

  // Screen coordinates from (along, across).
  const pt = (a: number, c: number) =>
    horizontal ? `${round(a)} ${round(c)}` : `${round(c)} ${round(a)}`;
  const nodes: MapNode[] = STEPS.map((step, i) => {
    const a = i * pitch + (horizontal ? (pitch - nodeAlong) / 2 : 0);
    return horizontal
      ? { step, x: round(a), y: 0, w: round(nodeAlong), h: round(nodeAcross) }
      : { step, x: 0, y: round(a), w: round(nodeAcross), h: round(nodeAlong) };
  });
  const center = (i: number) => i * pitch + (horizontal ? pitch / 2 : nodeAlong / 2);
  const alongEnd = horizontal ? width : (STEPS.length - 1) * pitch + nodeAlong;

  const arrows: string[] = [];
  const drops: MapDrop[] = [];
  const skips: MapSkip[] = [];
  let band: string | undefined;
  let acrossEnd = nodeAcross;

  if (!flow) {
    // Arrows in the gaps between boxes, at the middle of the boxes' across extent.
    const head = 4 * scale;
    for (let i = 0; i < STEPS.length - 1; i++) {
      const from = horizontal ? center(i) + nodeAlong / 2 + 1 : i * pitch + nodeAlong + 1;
      const to = horizontal ? center(i + 1) - nodeAlong / 2 - 1 : (i + 1) * pitch - 1;
      const c = horizontal ? nodeAcross / 2 : Math.min(nodeAcross / 2, 24 * scale);
      arrows.push(
        `M${pt(from, c)} L${pt(to, c)} M${pt(to - head, c - head)} L${pt(to, c)} L${pt(to - head, c + head)}`,
      );
    }
  } else {
    const thickest = (horizontal ? 40 : 30) * scale;
    const most = Math.max(1, ...STEPS.map((s) => flow[s].reached));
    const t = (n: number) => (n / most) * thickest;
    const c0 = nodeAcross + (horizontal ? 14 : 12) * scale;
    const rIn = 5 * scale;
    const dropEnd = c0 + thickest + 16 * scale;
    // Thickness entering each step, and leaving it (what reaches the next one).
    const inOf = (i: number) => t(flow[STEPS[i]!].reached);
    const outOf = (i: number) => {
      const s = flow[STEPS[i]!];
      return t(s.passed + s.skipped);
    };
    const start = horizontal ? 0 : nodeAlong / 2 - 1;
    const bottom: string[] = [`L${pt(alongEnd, c0 + outOf(STEPS.length - 1))}`];
    for (let i = STEPS.length - 1; i >= 0; i--) {
      const step = STEPS[i]!;
      const counts = flow[step];
      const tin = inOf(i);
      const tout = outOf(i);
      const f = Math.max(0, tin - tout);
      // The ribbon leaves the band's far edge; its turned part is centred on the step.
      const xs = center(i) - rIn - f / 2;
      bottom.push(`L${pt(xs, c0 + tout)}`, `L${pt(xs, c0 + tin)}`);
      if (counts.failed > 0) {
        const rOut = rIn + f;
        const cc = c0 + tin + rIn;
        // An arc's turning direction flips when along/across are swapped (a mirror image).
        const outerSweep = horizontal ? 1 : 0;
        const innerSweep = horizontal ? 0 : 1;
        const path =
          `M${pt(xs, c0 + tout)} A${round(rOut)} ${round(rOut)} 0 0 ${outerSweep} ${pt(xs + rOut, cc)}` +
          ` L${pt(xs + rOut, dropEnd)} L${pt(xs + rIn, dropEnd)} L${pt(xs + rIn, cc)}` +
          ` A${round(rIn)} ${round(rIn)} 0 0 ${innerSweep} ${pt(xs, c0 + tin)} Z`;
        drops.push({
          step,
          count: counts.failed,
          path,
          ...(horizontal
            ? {
                labelX: round(center(i)),
                labelY: round(dropEnd + fontSize + 2),
                anchor: 'middle' as const,
              }
            : {
                labelX: round(dropEnd + 4 * scale),
                labelY: round(center(i) + fontSize / 3),
                anchor: 'start' as const,
              }),
        });
      }
      if (counts.skipped > 0) {
        const a = center(i) - nodeAlong / 4;
        const c = c0 + t(counts.passed);
        const along = nodeAlong / 2;
        const across = Math.max(1, t(counts.skipped));
        skips.push({
          step,
          count: counts.skipped,
          ...(horizontal
            ? { x: round(a), y: round(c), w: round(along), h: round(across) }
            : { x: round(c), y: round(a), w: round(across), h: round(along) }),
        });
      }
    }
    band = `M${pt(start, c0)} L${pt(alongEnd, c0)} ${bottom.join(' ')} L${pt(start, c0 + inOf(0))} Z`;
    acrossEnd = dropEnd + fontSize + 6;
  }

  const along = horizontal ? width : alongEnd + 2;
  return {
    orientation,
    width,
    height: Math.ceil(horizontal ? acrossEnd + 2 : along),
    fontSize,
    lines: input.lines,
    nodes,
    arrows,
    ...(band ? { band } : {}),
    drops,
    skips,
  };
}
