/**
 * Figures for the run dashboard, from the run's aggregates (core/runs/runAggregates.ts), which
 * cover every stored attempt (pure, unit-tested). The funnel is core/export/runFunnel.ts, the
 * same rows the dataset card states.
 */
import { STAGES, type StageName } from '../../core/pipeline/records';
import type { EngineRole } from '../../core/pipeline/stageEngines';
import { STAGE_ROLE, type PaceBucket, type RunAggregates } from '../../core/runs/runAggregates';

export interface Histogram {
  /** Bin labels, e.g. "0–20%". */
  labels: string[];
  counts: number[];
}

/** Counts of values in [0, 1] over `bins` equal bins (1 falls in the last), from value → count. */
export function histogram(values: Record<string, number>, bins = 5): Histogram {
  const counts = new Array<number>(bins).fill(0);
  for (const [key, n] of Object.entries(values)) {
    const v = Number(key);
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[i]! += n;
  }
  const labels = counts.map(
    (_, i) => `${Math.round((i / bins) * 100)}–${Math.round(((i + 1) / bins) * 100)}%`,
  );
  return { labels, counts };
}

export interface Throughput {
  /** Minute starts, in seconds since the epoch (uPlot's time axis). */
  minutes: number[];
  stored: number[];
  kept: number[];
}

/** Attempts stored (and kept) per minute over the last `maxMinutes` with any, gaps filled with zeros. */
export function throughput(agg: RunAggregates, maxMinutes = 240): Throughput {
  let earliest = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  // A loop, not Math.max(...keys): a run of months has more minutes than a call takes arguments.
  for (const key in agg.minutes) {
    const minute = Number(key);
    if (minute < earliest) earliest = minute;
    if (minute > last) last = minute;
  }
  if (last === Number.NEGATIVE_INFINITY) return { minutes: [], stored: [], kept: [] };
  // At least two minutes, so a line has two points and the time axis a sensible range.
  const first = Math.min(Math.max(earliest, last - maxMinutes + 1), last - 1);
  const n = last - first + 1;
  const bucket = (m: number): PaceBucket | undefined => agg.minutes[String(m)];
  const minutes = Array.from({ length: n }, (_, i) => first + i);
  return {
    minutes: minutes.map((m) => m * 60),
    stored: minutes.map((m) => bucket(m)?.stored ?? 0),
    kept: minutes.map((m) => bucket(m)?.kept ?? 0),
  };
}

/** Tokens spent per stage (prompt + completion), for the stages that spent any. */
export function tokensPerStage(agg: RunAggregates): { stage: StageName; tokens: number }[] {
  return STAGES.flatMap((stage) => {
    const t = agg.tokens[stage];
    const tokens = t ? t.promptTokens + t.completionTokens : 0;
    return tokens > 0 ? [{ stage, tokens }] : [];
  });
}

export const totalTokens = (agg: RunAggregates): number =>
  tokensPerStage(agg).reduce((sum, s) => sum + s.tokens, 0);

/** One backend of a run with the roles it serves, and its measured tokens per second. */
export interface BackendRate {
  label: string;
  roles: EngineRole[];
  /** Tokens per active second over the newest stored attempts; undefined before two are stored. */
  tokensPerS: number | undefined;
}

/** The model roles that spent tokens in the run (e.g. no `score` without a solution scorer). */
export function usedRoles(agg: RunAggregates): Set<EngineRole> {
  const roles = new Set<EngineRole>();
  for (const { stage } of tokensPerStage(agg)) {
    const role = STAGE_ROLE[stage];
    if (role) roles.add(role);
  }
  return roles;
}

/**
 * Tokens/s per role backend: the roles sharing a backend are summed, each measured over the
 * same stored attempts as the ETA (core/runs/runPace.ts). Roles that did no work are left out
 * once there is work to go by.
 */
export function backendRates(
  backends: { label: string; roles: EngineRole[] }[],
  tokensPerS: Partial<Record<EngineRole, number>> | undefined,
  used?: Set<EngineRole>,
): BackendRate[] {
  return backends.flatMap(({ label, roles: all }) => {
    const roles = used?.size ? all.filter((role) => used.has(role)) : all;
    if (!roles.length) return [];
    const rate = tokensPerS
      ? roles.reduce((sum, role) => sum + (tokensPerS[role] ?? 0), 0)
      : undefined;
    return [{ label, roles, tokensPerS: rate }];
  });
}
