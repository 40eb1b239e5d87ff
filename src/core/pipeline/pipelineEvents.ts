import type { QuestionRecord, RunProgress, StageName } from './records';

export type StageStatus = 'running' | 'passed' | 'failed';

export type PipelineEvent =
  | {
      type: 'stage';
      index: number;
      stage: StageName;
      status: StageStatus;
      detail?: string;
      text?: string;
    }
  | { type: 'stored'; question: QuestionRecord; progress: RunProgress }
  | { type: 'finished'; outcome: 'target-reached' | 'attempts-exhausted'; progress: RunProgress };

export type PipelineListener = (event: PipelineEvent) => void;
