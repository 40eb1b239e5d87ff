/**
 * Whole-run figures: the funnel, grouped reasons, tokens, agreement and fail-rate counts and the
 * per-minute pace of one run, folded from its stored attempts. The store updates them in the same
 * transaction as each stored attempt (db/dexieRunStore.ts), so they always cover every attempt,
 * exactly, however long the run; the dashboard, the dataset card and the CLI card all read this
 * shape. Counting is done only here (`foldAttempt`), so every reader agrees.
 */
import type { EngineRole } from '../pipeline/stageEngines';
import {
  questionTokens,
  STAGES,
  type QuestionRecord,
  type SolutionRecord,
  type StageName,
  type TokensByStage,
  addTokens,
} from '../pipeline/records';
import { SKIP_REASONS, stageViews } from '../pipeline/verdicts';
import { addPaceSample, type PaceSample } from './runPace';

/** Bumped when the shape or the counting changes; rows of an older version are recomputed. */
export const AGGREGATES_VERSION = 1;

/** How many attempts each outcome of one stage had. */
export interface StageCounts {
  /** Attempts that got to the stage: passed + failed + skipped. */
  reached: number;
  passed: number;
  /** Rejected by the stage. */
  failed: number;
  /** The stage did not run for them (off, or unable to run); never counted as passed. */
  skipped: number;
}

/** Counts keyed by a grouped reason (see `reasonGroup`). */
export type ReasonCounts = Record<string, number>;

/** Stored attempts of one wall-clock minute (or hour, once folded). */
export interface PaceBucket {
  stored: number;
  kept: number;
  /** Engine tokens (prompt + completion) the attempts stored in it spent, per model role. */
  tokens: Partial<Record<EngineRole, number>>;
}

export interface RunAggregates {
  version: number;
  runId: string;
  /** Stored attempts. */
  attempts: number;
  kept: number;
  /** Every stage, in pipeline order of `STAGES`. */
  stages: Record<StageName, StageCounts>;
  /** Why each stage rejected (grouped; at most `MAX_REASONS` groups, the rest under `OTHER_REASONS`). */
  failures: Partial<Record<StageName, ReasonCounts>>;
  /** Why each stage was skipped, grouped the same way. */
  skips: Partial<Record<StageName, ReasonCounts>>;
  contamination: {
    /** Questions checked against each reference set (by set name). */
    checkedAgainst: Record<string, number>;
    /** Questions the check found overlapping, by the set they overlap (kept when flagged). */
    overlapping: Record<string, number>;
  };
  /** Tokens per stage (prompt and completion), over every attempt. */
  tokens: TokensByStage;
  /** Agreement (majority size ÷ solutions sampled) of every solved question: value → count. */
  agreement: Record<string, number>;
  /** Fail rate (share of solutions missing the majority) of every solved question: value → count. */
  failRate: Record<string, number>;
  /** The last `MAX_MINUTES` minutes with stored attempts, keyed by epoch minute. */
  minutes: Record<string, PaceBucket>;
  /** Older minutes folded into hours, keyed by epoch hour. */
  hours: Record<string, PaceBucket>;
  /** The newest stored attempts, the pace ETAs and tokens/s are measured from (runPace.ts). */
  recent: PaceSample[];
}

export const MAX_REASONS = 50;
export const OTHER_REASONS = 'other reasons';
export const MAX_MINUTES = 720;

/** The model role that spends a stage's tokens (the judge also rates difficulty). */
export const STAGE_ROLE: Partial<Record<StageName, EngineRole>> = {
  generate: 'generate',
  judge: 'judge',
  difficulty: 'judge',
  solve: 'solve',
  select: 'score',
};

export function emptyAggregates(runId: string): RunAggregates {
  const stages = {} as Record<StageName, StageCounts>;
  for (const stage of STAGES) stages[stage] = { reached: 0, passed: 0, failed: 0, skipped: 0 };
  return {
    version: AGGREGATES_VERSION,
    runId,
    attempts: 0,
    kept: 0,
    stages,
    failures: {},
    skips: {},
    contamination: { checkedAgainst: {}, overlapping: {} },
    tokens: {},
    agreement: {},
    failRate: {},
    minutes: {},
    hours: {},
    recent: [],
  };
}

/**
 * A reason without what varies from question to question, so equal causes count together:
 * ids of other questions become "…", and the measured detail after a colon or in parentheses
 * is dropped — except a code point (U+XXXX), which names the character.
 */
export function reasonGroup(reason: string | undefined): string {
  if (!reason) return 'no reason given';
  const masked = reason.replace(/\b[\w.-]+:\d+\b/g, '…');
  const codePoint = /\(U\+[0-9A-F]{4,6}\)/.exec(masked)?.[0];
  const head = masked.split(/:\s|\s\(/)[0]!.trim();
  const group = codePoint && !head.includes(codePoint) ? `${head} ${codePoint}` : head;
  return (group || 'no reason given').slice(0, 120);
}

function count(into: Record<string, number>, key: string, by = 1): void {
  into[key] = (into[key] ?? 0) + by;
}

function countReason(
  into: Partial<Record<StageName, ReasonCounts>>,
  stage: StageName,
  reason: string | undefined,
): void {
  const reasons = (into[stage] ??= {});
  const key = reasonGroup(reason);
  const full = Object.keys(reasons).length >= MAX_REASONS && !(key in reasons);
  count(reasons, full ? OTHER_REASONS : key);
}

function addPace(bucket: PaceBucket | undefined, add: PaceBucket): PaceBucket {
  const tokens = { ...(bucket?.tokens ?? {}) };
  for (const [role, n] of Object.entries(add.tokens)) count(tokens, role, n);
  return {
    stored: (bucket?.stored ?? 0) + add.stored,
    kept: (bucket?.kept ?? 0) + add.kept,
    tokens,
  };
}

/** One stored attempt as the pace sees it: when, kept or not, and the tokens of each model role. */
export function paceSampleOf(
  question: QuestionRecord,
  solutions: readonly SolutionRecord[],
): PaceSample {
  const tokens: Partial<Record<EngineRole, number>> = {};
  for (const [stage, used] of Object.entries(questionTokens(question, [...solutions]))) {
    const role = STAGE_ROLE[stage as StageName];
    if (role) count(tokens, role, used.promptTokens + used.completionTokens);
  }
  return { at: question.createdAt, kept: question.status === 'kept', tokens };
}

/** Keeps at most `MAX_MINUTES` minute buckets; older ones are folded into their hours. */
function foldOldMinutes(agg: RunAggregates): void {
  const keys = Object.keys(agg.minutes);
  if (keys.length <= MAX_MINUTES) return;
  const sorted = keys.map(Number).sort((a, b) => a - b);
  for (const minute of sorted.slice(0, sorted.length - MAX_MINUTES)) {
    const hour = String(Math.floor(minute / 60));
    agg.hours[hour] = addPace(agg.hours[hour], agg.minutes[minute]!);
    delete agg.minutes[minute];
  }
}

/**
 * Adds one stored attempt to `agg` in place. The caller guarantees each attempt is added once
 * (the store checks the question id first).
 */
export function foldAttempt(
  agg: RunAggregates,
  question: QuestionRecord,
  solutions: readonly SolutionRecord[],
): void {
  agg.attempts += 1;
  if (question.status === 'kept') agg.kept += 1;
  for (const { stage, view, verdict } of stageViews(question)) {
    if (view === 'not-reached') continue;
    const counts = agg.stages[stage];
    counts.reached += 1;
    counts[view] += 1;
    if (view === 'failed') countReason(agg.failures, stage, verdict?.reason);
    // A stage without a verdict before a later one was off (rows stored before skips were recorded).
    if (view === 'skipped') countReason(agg.skips, stage, verdict?.reason ?? SKIP_REASONS.off);
  }
  const contamination = question.contamination;
  if (contamination) {
    for (const set of contamination.against ?? [contamination.source ?? 'reference sets'])
      count(agg.contamination.checkedAgainst, set);
    if (contamination.contaminated)
      count(agg.contamination.overlapping, contamination.source ?? 'reference sets');
  }
  const sample = paceSampleOf(question, solutions);
  const pace: PaceBucket = { stored: 1, kept: sample.kept ? 1 : 0, tokens: sample.tokens };
  for (const [stage, used] of Object.entries(questionTokens(question, [...solutions])))
    agg.tokens = addTokens(agg.tokens, stage as StageName, used);
  if (question.difficulty) {
    count(agg.agreement, String(question.difficulty.agreement));
    count(agg.failRate, String(question.difficulty.failRate));
  }
  const minute = String(Math.floor(question.createdAt / 60_000));
  agg.minutes[minute] = addPace(agg.minutes[minute], pace);
  foldOldMinutes(agg);
  agg.recent = addPaceSample(agg.recent, sample);
}
