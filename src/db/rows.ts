import type { RunConfig } from '../core/pipeline/runConfig';
import type { RunProgress } from '../core/pipeline/records';
import type { StoredCustomModel } from '../state/customModelStore';
import type { EngineRole } from '../core/pipeline/stageEngines';

export type RunStatus = 'ready' | 'running' | 'paused' | 'interrupted' | 'done' | 'failed';

/** One server of a remote group, as stored: URL and model name, never its API key. */
export interface RemoteReplica {
  baseUrl: string;
  model: string;
}

/** Where a run's model calls go. Credentials are deliberately absent: they never reach the database. */
export type RunBackend =
  | {
      kind: 'remote';
      /** The first replica (rows from before endpoint groups have only this). */
      baseUrl: string;
      model: string;
      /** The endpoint group of the settings; its current members serve the run when it still exists. */
      groupId?: string;
      /** Every replica of the group when the run was created (the first is `baseUrl`/`model`). */
      replicas?: RemoteReplica[];
    }
  /** A model loaded in this browser's WebLLM worker (catalog or custom model id). */
  | { kind: 'webllm'; modelId: string };

/** Per-role backends; roles missing here (and every role of older rows) use `RunRow.backend`. */
export type RoleBackends = Partial<Record<EngineRole, RunBackend>>;

/** Every run belongs to a project (a dataset); databases from before v3 get the default one. */
export const DEFAULT_PROJECT_ID = 'default';

export interface ProjectRow {
  id: string;
  name: string;
  createdAt: number;
}

export interface RunRow {
  id: string;
  /** Absent only on rows written before v3 and not yet upgraded. */
  projectId?: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  config: RunConfig;
  /** The generator's backend, and every role's on rows without `roles`. */
  backend: RunBackend;
  /** Per-role assignment (see `roleBackends` in services/stageBackends.ts to read it). */
  roles?: RoleBackends;
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

/** One cached engine response, keyed by a hash of the full request payload (model, prompt, seed…). */
export interface RequestCacheRow {
  key: string;
  runId: string;
  /** The engine's result as returned (CompletionResult / ChatResult), structured-cloneable. */
  response: unknown;
  createdAt: number;
}

/** Something that happened to a run (started, paused, resumed, quota, error), for its history. */
export interface RunEventRow {
  id?: number;
  runId: string;
  at: number;
  kind: string;
  message: string;
}

/** A reference test set imported for the contamination check. */
export interface ReferenceSetRow {
  id: string;
  name: string;
  createdAt: number;
  /** Source file name, for the person's memory. */
  source: string;
  texts: string[];
}
