import type { PipelineEvent } from '../core/pipeline/pipelineEvents';
import { defaultRunConfig, validateRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import type { QuestionRecord } from '../core/pipeline/records';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { observe } from '../db/observe';
import { listPairs, listRunQuestions, type StoredPair } from '../db/pairRepository';
import { createRun, listRuns, deleteRun } from '../db/runRepository';
import type { RunBackend, RunRow } from '../db/rows';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { StudioDb } from '../db/studioDb';
import { exportJsonlBlob } from '../services/datasetExport';
import { runsHeldAnywhere, waitForRunLock } from '../services/runLock';
import { reopenAbandonedRuns } from '../services/resumeOnOpen';
import type { RunService } from '../services/runService';
import { applyStageEvent, type InFlightQuestion } from './liveStage';
import { APP_VERSION } from './appVersion';

/** What the page needs from the pipeline worker (Comlink's remote or the service itself in tests). */
export interface RunWorkerPort {
  start(
    ...args: Parameters<RunService['start']>
  ): Promise<Awaited<ReturnType<RunService['start']>>>;
  stop(runId: string): Promise<void> | void;
}

export interface RunManagerDeps {
  db: StudioDb;
  worker: () => RunWorkerPort;
  /** Wraps a callback so it can cross to the worker (Comlink.proxy); identity in tests. */
  proxy: <T extends (...args: never[]) => unknown>(fn: T) => T;
  /** The saved server settings (with the key), to resume remote runs when the studio opens. */
  endpoint?: () => RemoteEndpointConfig;
  /** Runs whose Web Lock some tab holds (default: navigator.locks). */
  heldRuns?: () => Promise<Set<string>>;
  waitForLock?: (runId: string) => Promise<void>;
}

export interface NewRunForm {
  name: string;
  targetPairs: number;
  samples: number;
  seed: number;
}

/** Where a new run's model calls go; a local run generates with its model's pre-query family. */
export type BackendChoice =
  { kind: 'remote' } | { kind: 'webllm'; modelId: string; family: ModelFamily };

/** Runs, their live progress and the stored pairs, for the whole page. */
export class RunManager {
  #runs = $state.raw<RunRow[]>([]);
  #pairs = $state.raw<StoredPair[]>([]);
  #selectedRunId = $state<string | null>(null);
  #runQuestions = $state.raw<QuestionRecord[]>([]);
  #inFlight = $state.raw<InFlightQuestion | null>(null);
  #error = $state<string | null>(null);
  #ready = $state(false);
  readonly #deps: RunManagerDeps;
  #unsubscribers: (() => void)[] = [];
  #questionsUnsubscribe: (() => void) | undefined;

  constructor(deps: RunManagerDeps) {
    this.#deps = deps;
  }

  get runs(): RunRow[] {
    return this.#runs;
  }
  get pairs(): StoredPair[] {
    return this.#pairs;
  }
  get selectedRun(): RunRow | undefined {
    return this.#runs.find((r) => r.id === this.#selectedRunId);
  }
  get runQuestions(): QuestionRecord[] {
    return this.#runQuestions;
  }
  get inFlight(): InFlightQuestion | null {
    return this.#inFlight;
  }
  get error(): string | null {
    return this.#error;
  }
  get ready(): boolean {
    return this.#ready;
  }

  async init(): Promise<void> {
    const { db } = this.#deps;
    const fail = (error: unknown) =>
      (this.#error = `Could not read the database: ${String(error)}`);
    this.#unsubscribers.push(
      observe(
        () => listRuns(db),
        (runs) => {
          this.#runs = runs;
          if (!this.#selectedRunId && runs[0]) this.select(runs[0].id);
          this.#ready = true;
        },
        fail,
      ),
      observe(
        () => listPairs(db, { limit: 500 }),
        (pairs) => (this.#pairs = pairs),
        fail,
      ),
    );
    await reopenAbandonedRuns(db, {
      heldRuns: this.#deps.heldRuns ?? runsHeldAnywhere,
      waitForLock: this.#deps.waitForLock ?? waitForRunLock,
      endpoint: this.#deps.endpoint,
      resume: ({ runId, endpoint }) => void this.start(runId, endpoint),
    });
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#questionsUnsubscribe?.();
  }

  select(runId: string): void {
    if (this.#selectedRunId === runId) return;
    this.#selectedRunId = runId;
    this.#inFlight = null;
    this.#questionsUnsubscribe?.();
    this.#questionsUnsubscribe = observe(
      () => listRunQuestions(this.#deps.db, runId),
      (questions) => (this.#runQuestions = questions),
      (error) => (this.#error = String(error)),
    );
  }

  configFor(form: NewRunForm): RunConfig {
    const config = defaultRunConfig({ targetPairs: form.targetPairs, seed: form.seed });
    return { ...config, solve: { ...config.solve, samples: form.samples } };
  }

  /** Creates a run from the form and starts it; returns the problems when the form is not valid. */
  async createAndStart(
    form: NewRunForm,
    endpoint: RemoteEndpointConfig,
    choice: BackendChoice = { kind: 'remote' },
  ): Promise<string[]> {
    const config = this.configFor(form);
    if (choice.kind === 'webllm') config.profile = choice.family;
    const problems = validateRunConfig(config);
    if (choice.kind === 'remote' && (!endpoint.baseUrl || !endpoint.model))
      problems.push('Set the server URL and model first.');
    if (problems.length) return problems;
    const backend: RunBackend =
      choice.kind === 'webllm'
        ? { kind: 'webllm', modelId: choice.modelId }
        : { kind: 'remote', baseUrl: endpoint.baseUrl, model: endpoint.model };
    const run = await createRun(this.#deps.db, {
      name: form.name.trim() || `Run of ${form.targetPairs}`,
      config,
      backend,
      appVersion: APP_VERSION,
    });
    this.select(run.id);
    void this.start(run.id, endpoint);
    return [];
  }

  async start(runId: string, endpoint: RemoteEndpointConfig): Promise<void> {
    this.#error = null;
    this.select(runId);
    const onEvent = this.#deps.proxy((event: PipelineEvent) => {
      if (this.#selectedRunId === runId) this.#inFlight = applyStageEvent(this.#inFlight, event);
    });
    try {
      const outcome = await this.#deps.worker().start(runId, endpoint, onEvent);
      if (outcome.status === 'failed') this.#error = outcome.error.message;
      if (outcome.status === 'paused' && outcome.message) this.#error = outcome.message;
    } catch (error) {
      this.#error = `The pipeline worker stopped: ${String(error)}`;
    } finally {
      if (this.#selectedRunId === runId) this.#inFlight = null;
    }
  }

  async stop(runId: string): Promise<void> {
    await this.#deps.worker().stop(runId);
  }

  async remove(runId: string): Promise<void> {
    await deleteRun(this.#deps.db, runId);
    if (this.#selectedRunId === runId) this.#selectedRunId = null;
  }

  /** Every kept pair of the project as ScaleQuest JSONL, read in pages. */
  exportJsonl(): Promise<Blob> {
    return exportJsonlBlob(this.#deps.db);
  }
}
