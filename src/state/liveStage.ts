import type { PipelineEvent, StageStatus } from '../core/pipeline/pipelineEvents';
import type { StageName } from '../core/pipeline/records';

export interface StageState {
  status: StageStatus;
  detail?: string;
}

/** One attempt in flight, as the worker reports it. */
interface LiveAttempt {
  text: string;
  stages: Partial<Record<StageName, StageState>>;
  /** Engine requests of this attempt running now (0 while it waits for the engine). */
  active: number;
}

/** Every attempt in flight, by index (several with look-ahead). */
export type LiveAttempts = Readonly<Record<number, LiveAttempt>>;

/** The question the page shows as "in progress". */
export interface InFlightQuestion {
  index: number;
  text: string;
  stages: Partial<Record<StageName, StageState>>;
  /** Its request is on the engine now (for a local model: on the GPU). */
  generating: boolean;
  /** The other attempts in flight, waiting for the engine or for cheap checks. */
  alsoInFlight: number[];
}

/** Folds one event into the attempts in flight (pure, so the state class stays small). */
export function applyRunEvent(current: LiveAttempts, event: PipelineEvent): LiveAttempts {
  if (event.type === 'stored') {
    const { [event.question.index]: _stored, ...rest } = current;
    return rest;
  }
  if (event.type === 'finished') return {};
  const base: LiveAttempt = current[event.index] ?? { text: '', stages: {}, active: 0 };
  if (event.type === 'engine') {
    const active = Math.max(0, base.active + (event.active ? 1 : -1));
    return { ...current, [event.index]: { ...base, active } };
  }
  const stage: StageState = {
    status: event.status,
    ...(event.detail ? { detail: event.detail } : {}),
  };
  return {
    ...current,
    [event.index]: {
      ...base,
      text: event.text ?? base.text,
      stages: { ...base.stages, [event.stage]: stage },
    },
  };
}

/**
 * The attempt to show: the oldest one whose request is on the engine, else the oldest in
 * flight. Which attempt emitted last says nothing about which one the GPU is working on.
 */
export function shownAttempt(attempts: LiveAttempts): InFlightQuestion | null {
  const indexes = Object.keys(attempts)
    .map(Number)
    .sort((a, b) => a - b);
  const shown = indexes.find((i) => (attempts[i]?.active ?? 0) > 0) ?? indexes[0];
  if (shown === undefined) return null;
  const a = attempts[shown]!;
  return {
    index: shown,
    text: a.text,
    stages: a.stages,
    generating: a.active > 0,
    alsoInFlight: indexes.filter((i) => i !== shown),
  };
}
