/**
 * The ScaleQuest method as the studio draws it: ten steps in the order one question meets them.
 * The method map (MethodMap.svelte), the designer's stage links, the dashboard's flow and the
 * Explain walkthrough all use this one list.
 */
import type { StageName } from '../../core/pipeline/records';

export type MethodStep =
  | 'generate'
  | 'screen'
  | 'language'
  | 'dedup'
  | 'contamination'
  | 'judge'
  | 'solve'
  | 'vote'
  | 'difficulty'
  | 'select';

export interface MethodStepInfo {
  step: MethodStep;
  /** Short name drawn in the map. */
  label: string;
  /** The stored stage verdict that belongs to the step (generation itself has none). */
  stage?: StageName;
  /** The designer group holding the step's settings. */
  designGroup: string;
}

export const METHOD_STEPS: readonly MethodStepInfo[] = [
  { step: 'generate', label: 'Generate', designGroup: 'generate' },
  { step: 'screen', label: 'Screen', stage: 'generate', designGroup: 'generate' },
  { step: 'language', label: 'Language', stage: 'language', designGroup: 'language' },
  { step: 'dedup', label: 'Duplicates', stage: 'dedup', designGroup: 'dedup' },
  {
    step: 'contamination',
    label: 'Contamination',
    stage: 'contamination',
    designGroup: 'contamination',
  },
  { step: 'judge', label: 'Judge', stage: 'judge', designGroup: 'judge' },
  { step: 'solve', label: 'Solve ×k', stage: 'solve', designGroup: 'solve' },
  { step: 'vote', label: 'Vote', stage: 'majority', designGroup: 'difficulty' },
  { step: 'difficulty', label: 'Difficulty', stage: 'difficulty', designGroup: 'difficulty' },
  { step: 'select', label: 'Select', stage: 'select', designGroup: 'select' },
];

export const STEP_INFO = Object.fromEntries(METHOD_STEPS.map((s) => [s.step, s])) as Record<
  MethodStep,
  MethodStepInfo
>;

/** The map step a stored stage verdict belongs to. */
export function stepOfStage(stage: StageName): MethodStep {
  return METHOD_STEPS.find((s) => s.stage === stage)!.step;
}

/** How many questions reached a step and what became of them (the dashboard's flow). */
export interface StepCounts {
  reached: number;
  passed: number;
  failed: number;
  /** Went past without the step running (off, or unable to run); never counted as passed. */
  skipped: number;
}

export type MethodFlow = Record<MethodStep, StepCounts>;

/** What happened to one question at a step (Explain). */
export type StepState = 'passed' | 'failed' | 'skipped' | 'not-reached' | 'running' | 'waiting';
