import type { PipelineEvent, StageStatus } from '../core/pipeline/pipelineEvents';
import type { StageName } from '../core/pipeline/records';

export interface StageState {
  status: StageStatus;
  detail?: string;
}

/** The question currently going through the pipeline, as the worker reports it. */
export interface InFlightQuestion {
  index: number;
  text: string;
  stages: Partial<Record<StageName, StageState>>;
}

/** Folds one stage event into the in-flight view (pure, so the state class stays small). */
export function applyStageEvent(
  current: InFlightQuestion | null,
  event: PipelineEvent,
): InFlightQuestion | null {
  if (event.type !== 'stage')
    return event.type === 'stored' && current?.index === event.question.index ? null : current;
  const base =
    current && current.index === event.index
      ? current
      : { index: event.index, text: '', stages: {} };
  const stage: StageState = {
    status: event.status,
    ...(event.detail ? { detail: event.detail } : {}),
  };
  return {
    index: event.index,
    text: event.text ?? base.text,
    stages: { ...base.stages, [event.stage]: stage },
  };
}
