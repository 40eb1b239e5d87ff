/** Figures for the run dashboard, computed from the run's stored questions (pure, unit-tested). */
import { STAGES, type QuestionRecord, type StageName } from '../../core/pipeline/records';

export interface FunnelRow {
  stage: StageName;
  /** Questions that reached the stage (have a verdict for it). */
  reached: number;
  passed: number;
  failed: number;
  /** Most frequent failure reasons, most common first. */
  reasons: { reason: string; count: number }[];
}

// Reasons carry specifics ("duplicate of r:3 (0.82)"); numbers and ids are masked to group them.
const reasonKey = (reason: string) =>
  reason
    .replace(/\b[\w-]+:\d+\b/g, '…')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 80);

export function funnel(questions: QuestionRecord[], topReasons = 3): FunnelRow[] {
  return STAGES.map((stage) => {
    let passed = 0;
    let failed = 0;
    const reasons = new Map<string, number>();
    for (const q of questions) {
      const verdict = q.verdicts.find((v) => v.stage === stage);
      if (!verdict) continue;
      if (verdict.pass) passed++;
      else {
        failed++;
        const key = reasonKey(verdict.reason ?? 'no reason given');
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    return {
      stage,
      reached: passed + failed,
      passed,
      failed,
      reasons: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, topReasons),
    };
  });
}

export interface Histogram {
  /** Bin labels, e.g. "0–20%". */
  labels: string[];
  counts: number[];
}

/** Counts of values in [0, 1] over `bins` equal bins (1 falls in the last). */
export function histogram(values: number[], bins = 5): Histogram {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[i]! += 1;
  }
  const labels = counts.map(
    (_, i) => `${Math.round((i / bins) * 100)}–${Math.round(((i + 1) / bins) * 100)}%`,
  );
  return { labels, counts };
}

/** Agreement of every question that was solved. */
export const agreements = (questions: QuestionRecord[]): number[] =>
  questions.flatMap((q) => (q.difficulty ? [q.difficulty.agreement] : []));

/** Fail rate (share of solutions missing the majority) of every question that was solved. */
export const failRates = (questions: QuestionRecord[]): number[] =>
  questions.flatMap((q) => (q.difficulty ? [q.difficulty.failRate] : []));

export interface Throughput {
  /** Minute starts, in seconds since the epoch (uPlot's time axis). */
  minutes: number[];
  stored: number[];
  kept: number[];
}

/** Questions stored (and kept) per minute of the run, gaps filled with zeros. */
export function throughput(questions: QuestionRecord[], maxMinutes = 240): Throughput {
  if (!questions.length) return { minutes: [], stored: [], kept: [] };
  const minuteOf = (ms: number) => Math.floor(ms / 60_000);
  const times = questions.map((q) => minuteOf(q.createdAt));
  const last = Math.max(...times);
  // At least two minutes, so a line has two points and the time axis a sensible range.
  const first = Math.min(Math.max(Math.min(...times), last - maxMinutes + 1), last - 1);
  const n = last - first + 1;
  const stored = new Array<number>(n).fill(0);
  const kept = new Array<number>(n).fill(0);
  for (const q of questions) {
    const i = minuteOf(q.createdAt) - first;
    if (i < 0) continue;
    stored[i]! += 1;
    if (q.status === 'kept') kept[i]! += 1;
  }
  return { minutes: Array.from({ length: n }, (_, i) => (first + i) * 60), stored, kept };
}

export function questionTokenCount(q: QuestionRecord): number {
  if (!q.tokens) return q.generation.promptTokens + q.generation.completionTokens;
  return Object.values(q.tokens).reduce((s, t) => s + t.promptTokens + t.completionTokens, 0);
}

/** Tokens per second over the questions stored in the last `windowMs` before `now`. */
export function recentTokensPerSecond(
  questions: QuestionRecord[],
  now: number,
  windowMs = 60_000,
): number {
  const recent = questions.filter((q) => q.createdAt > now - windowMs && q.createdAt <= now);
  if (!recent.length) return 0;
  const tokens = recent.reduce((s, q) => s + questionTokenCount(q), 0);
  return tokens / (windowMs / 1000);
}

/**
 * Seconds until the target is reached at the rate kept so far (first to last stored question);
 * undefined until there is a rate to extrapolate.
 */
export function etaSeconds(
  questions: QuestionRecord[],
  kept: number,
  target: number,
): number | undefined {
  if (kept >= target) return 0;
  if (kept < 1 || questions.length < 2) return undefined;
  const times = questions.map((q) => q.createdAt);
  const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
  const keptInWindow = questions.filter((q) => q.status === 'kept').length;
  if (spanS <= 0 || keptInWindow < 1) return undefined;
  return ((target - kept) * spanS) / keptInWindow;
}
