import type { RunConfig } from '../core/pipeline/runConfig';
import type { RunProgress } from '../core/pipeline/records';

export type RunStatus = 'ready' | 'running' | 'paused' | 'interrupted' | 'done' | 'failed';

/** Where a run's model calls go. Credentials are deliberately absent: they never reach the database. */
export interface RunBackend {
  kind: 'remote';
  baseUrl: string;
  model: string;
}

export interface RunRow {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  config: RunConfig;
  backend: RunBackend;
  progress: RunProgress;
  /** Last error, in words for the person running it. */
  error?: string;
  appVersion: string;
}

export type {
  QuestionRecord as QuestionRow,
  SolutionRecord as SolutionRow,
} from '../core/pipeline/records';
