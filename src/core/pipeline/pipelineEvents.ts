import type { QuestionRecord, RunProgress, StageName } from './records';

export type StageStatus = 'running' | 'passed' | 'failed' | 'skipped';

export type PipelineEvent =
  | {
      type: 'stage';
      index: number;
      stage: StageName;
      status: StageStatus;
      detail?: string;
      text?: string;
    }
  /**
   * An attempt's request got an engine slot (`active`) or gave it back: with a local model
   * (one slot) the active attempt is the one on the GPU, whatever later attempts wait.
   */
  | { type: 'engine'; index: number; active: boolean }
  | { type: 'stored'; question: QuestionRecord; progress: RunProgress }
  | { type: 'finished'; outcome: 'target-reached' | 'attempts-exhausted'; progress: RunProgress };

export type PipelineListener = (event: PipelineEvent) => void;
