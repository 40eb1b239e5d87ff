import type { RunConfig } from '../core/pipeline/runConfig';
import type { RunProgress } from '../core/pipeline/records';
import type { StoredCustomModel } from '../state/customModelStore';

export type RunStatus = 'ready' | 'running' | 'paused' | 'interrupted' | 'done' | 'failed';

/** Where a run's model calls go. Credentials are deliberately absent: they never reach the database. */
export type RunBackend =
  | { kind: 'remote'; baseUrl: string; model: string }
  /** A model loaded in this browser's WebLLM worker (catalog or custom model id). */
  | { kind: 'webllm'; modelId: string };

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

/** A custom WebLLM model added by URL; `id` is the record's model_id. */
export interface CustomModelRow extends StoredCustomModel {
  id: string;
}

export type {
  QuestionRecord as QuestionRow,
  SolutionRecord as SolutionRow,
} from '../core/pipeline/records';
