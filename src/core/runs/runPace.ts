/**
 * The one ETA model of the studio and the CLI. The pace is read from the last stored attempts:
 * attempts and kept pairs per second of *active* time, where each gap between two stored attempts
 * counts at most `gapCap` (a pause, a closed tab or a crash is not time the run was working).
 * The ETA is the time to the target at that pace, or to the attempt limit when that comes first.
 */

import type { EngineRole } from '../pipeline/stageEngines';

/** One stored attempt: when, whether it was kept and the engine tokens each model role spent on it. */
export interface PaceSample {
  at: number;
  kept: boolean;
  tokens: Partial<Record<EngineRole, number>>;
}

/** Stored attempts the pace is measured over (the newest ones). */
export const PACE_SAMPLES = 64;

/** The samples with one more stored attempt (oldest dropped beyond `PACE_SAMPLES`). */
export function addPaceSample(samples: readonly PaceSample[], sample: PaceSample): PaceSample[] {
  const next = [...samples, sample];
  return next.length > PACE_SAMPLES ? next.slice(next.length - PACE_SAMPLES) : next;
}

export interface Pace {
  attemptsPerS: number;
  keptPerS: number;
  /** Engine tokens per second, per model role. */
  tokensPerS: Partial<Record<EngineRole, number>>;
  /** The active seconds measured over. */
  seconds: number;
}

/**
 * Attempts and kept pairs per active second over the samples; undefined until two attempts were
 * stored. A gap longer than five times the median gap (and at least a minute) counts as that cap.
 */
export function paceOf(samples: readonly PaceSample[]): Pace | undefined {
  if (samples.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++)
    gaps.push(Math.max(0, samples[i]!.at - samples[i - 1]!.at));
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const gapCap = Math.max(60_000, 5 * median);
  const activeMs = gaps.reduce((sum, g) => sum + Math.min(g, gapCap), 0);
  // The attempts after the first sample: each gap ends with one.
  const counted = samples.slice(1);
  const seconds = Math.max(activeMs, 1) / 1000;
  const tokensPerS: Partial<Record<EngineRole, number>> = {};
  for (const s of counted)
    for (const [role, n] of Object.entries(s.tokens) as [EngineRole, number][])
      tokensPerS[role] = (tokensPerS[role] ?? 0) + n / seconds;
  return {
    attemptsPerS: counted.length / seconds,
    keptPerS: counted.filter((s) => s.kept).length / seconds,
    tokensPerS,
    seconds,
  };
}

export interface EtaInput {
  status: string;
  kept: number;
  target: number;
  attempts: number;
  maxAttempts: number;
  samples: readonly PaceSample[];
}

/** What the ETA says, in one shape for every screen and the CLI. */
export type Eta =
  | { kind: 'done' }
  /** Not running (paused, stopped, failed, interrupted, ready): no time is promised. */
  | { kind: 'not-running'; status: string }
  /** Running, but nothing kept yet in the measured window: no pace to go by. */
  | { kind: 'unknown' }
  | { kind: 'eta'; seconds: number; until: 'target' | 'attempt-limit' };

export function runEta(input: EtaInput): Eta {
  return etaAtPace(input, paceOf(input.samples));
}

/**
 * The same extrapolation from a pace measured elsewhere (the CLI measures a fleet run's pace
 * over minutes of its session, see cli/run/sessionPace.ts).
 */
export function etaAtPace(input: Omit<EtaInput, 'samples'>, pace: Pace | undefined): Eta {
  if (input.status === 'done' || input.kept >= input.target) return { kind: 'done' };
  if (input.status !== 'running') return { kind: 'not-running', status: input.status };
  if (!pace) return { kind: 'unknown' };
  const attemptsLeft = Math.max(0, input.maxAttempts - input.attempts);
  const toLimit = pace.attemptsPerS > 0 ? attemptsLeft / pace.attemptsPerS : Infinity;
  const toTarget = pace.keptPerS > 0 ? (input.target - input.kept) / pace.keptPerS : Infinity;
  if (!Number.isFinite(toTarget) && !Number.isFinite(toLimit)) return { kind: 'unknown' };
  return toTarget <= toLimit
    ? { kind: 'eta', seconds: toTarget, until: 'target' }
    : { kind: 'eta', seconds: toLimit, until: 'attempt-limit' };
}

/** 75 → "1 min 15 s"; the studio's and the CLI's way of writing a duration. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The ETA in words: "≈ 1 min 15 s", "≈ 2 min (attempt limit)", "paused", "done". */
export function etaText(eta: Eta): string {
  switch (eta.kind) {
    case 'done':
      return 'done';
    case 'not-running':
      return eta.status;
    case 'unknown':
      return 'after the first kept question';
    case 'eta':
      return `≈ ${formatDuration(eta.seconds)}${eta.until === 'attempt-limit' ? ' (attempt limit reached first)' : ''}`;
  }
}
