import { defaultRunConfig, validateRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import type { QuestionRecord, SolutionRecord } from '../core/pipeline/records';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';
import { observe } from '../db/observe';
import { listRunQuestions, listSolutions } from '../db/pairRepository';
import { createRun, listRuns, deleteRun, endRun } from '../db/runRepository';
import type { RunRow } from '../core/runs/runRow';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { StudioDb } from '../db/studioDb';
import { runsHeldAnywhere, waitForRunLock } from '../services/runLock';
import { reopenAbandonedRuns } from '../services/resumeOnOpen';
import type { RunEvent } from '../services/runService';
import type { RunWorkerPort } from '../services/runDispatcher';
import type { PoolView } from '../services/poolStats';
import { toAccess, type RemoteAccess } from '../services/stageBackends';
import {
  backendsFor,
  concurrencyFor,
  firstUsableGroup,
  isRoleChoices,
  sameForAll,
  type RoleChoices,
} from './stageChoices';
import { applyStageEvent, type InFlightQuestion } from './liveStage';
import { APP_VERSION } from './appVersion';

export interface RunManagerDeps {
  db: StudioDb;
  worker: () => RunWorkerPort;
  /** Wraps a callback so it can cross to the worker (Comlink.proxy); identity in tests. */
  proxy: <T extends (...args: never[]) => unknown>(fn: T) => T;
  /** Saved endpoints and keys, for runs resumed when the studio opens. */
  endpoint?: () => RemoteAccess;
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

/** A new run from the short form, or from a full config (the pipeline designer). */
export type NewRunInput = NewRunForm | { name: string; config: RunConfig };

/** Where a new run's model calls go; a local run generates with its model's pre-query family. */
export type BackendChoice =
  { kind: 'remote' } | { kind: 'webllm'; modelId: string; family: ModelFamily };

/** The latest endpoint figures of a run's remote groups, with what the ETA is measured from. */
export interface EndpointActivity {
  runId: string;
  pools: PoolView[];
  /** When this page started the run, and how many questions were kept by then. */
  startedAt: number;
  keptAtStart: number;
}

/** Runs, their live progress and the stored pairs, for the whole page. */
export class RunManager {
  #runs = $state.raw<RunRow[]>([]);
  #selectedRunId = $state<string | null>(null);
  #runQuestions = $state.raw<QuestionRecord[]>([]);
  #inFlight = $state.raw<InFlightQuestion | null>(null);
  #activity = $state.raw<EndpointActivity | null>(null);
  #error = $state<string | null>(null);
  #ready = $state(false);
  /** Settles when the run's current start ends (so `end` can wait for its last write). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #starts = new Map<string, Promise<void>>();
  readonly #deps: RunManagerDeps;
  #unsubscribers: (() => void)[] = [];
  #questionsUnsubscribe: (() => void) | undefined;

  constructor(deps: RunManagerDeps) {
    this.#deps = deps;
  }

  get runs(): RunRow[] {
    return this.#runs;
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
  /** Endpoint figures of the selected run (kept after it ends, until another run starts). */
  get endpointActivity(): EndpointActivity | null {
    return this.#activity?.runId === this.#selectedRunId ? this.#activity : null;
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
    );
    await reopenAbandonedRuns(db, {
      heldRuns: this.#deps.heldRuns ?? runsHeldAnywhere,
      waitForLock: this.#deps.waitForLock ?? waitForRunLock,
      endpoint: this.#deps.endpoint,
      resume: ({ runId, access }) => void this.start(runId, access),
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

  configFor(form: NewRunInput): RunConfig {
    if ('config' in form) return $state.snapshot(form.config);
    const config = defaultRunConfig({ targetPairs: form.targetPairs, seed: form.seed });
    return { ...config, solve: { ...config.solve, samples: form.samples } };
  }

  /**
   * Creates a run from the form and starts it; returns the problems when the form is not valid.
   * `choice` is one backend for every role (the older form) or a backend per role.
   */
  async createAndStart(
    form: NewRunInput,
    endpoint: RemoteAccess | RemoteEndpointConfig,
    choice: BackendChoice | RoleChoices = { kind: 'remote' },
  ): Promise<string[]> {
    const config = this.configFor(form);
    const access = toAccess(endpoint);
    const choices = this.#roleChoices(choice, access);
    if (!choices) return [...validateRunConfig(config), 'Set the server URL and model first.'];
    // The generator decides the pre-query family; a remote generator keeps the configured one.
    if (choices.generate.kind === 'webllm') config.profile = choices.generate.family;
    const { backends, problems } = backendsFor(choices, access);
    config.concurrency = concurrencyFor(config.concurrency, backends);
    problems.unshift(...validateRunConfig(config));
    if (problems.length) return problems;
    const run = await createRun(this.#deps.db, {
      name: form.name.trim() || `Run of ${config.targetPairs}`,
      config,
      backend: backends.generate,
      roles: backends,
      appVersion: APP_VERSION,
    });
    this.select(run.id);
    void this.start(run.id, access);
    return [];
  }

  #roleChoices(choice: BackendChoice | RoleChoices, access: RemoteAccess): RoleChoices | undefined {
    if (isRoleChoices(choice)) return choice;
    if (choice.kind === 'webllm') return sameForAll(choice);
    const groupId = firstUsableGroup(access);
    return groupId === undefined ? undefined : sameForAll({ kind: 'remote', groupId });
  }

  async start(runId: string, endpoint: RemoteAccess | RemoteEndpointConfig): Promise<void> {
    this.#error = null;
    this.select(runId);
    const keptAtStart = this.#runs.find((r) => r.id === runId)?.progress.kept ?? 0;
    const startedAt = Date.now();
    const onEvent = this.#deps.proxy((event: RunEvent) => {
      if (event.type === 'endpoints') {
        this.#activity = { runId, pools: event.pools, startedAt, keptAtStart };
        return;
      }
      if (this.#selectedRunId === runId) this.#inFlight = applyStageEvent(this.#inFlight, event);
    });
    const started = this.#deps.worker().start(runId, toAccess(endpoint), onEvent);
    this.#starts.set(
      runId,
      started.then(
        () => undefined,
        () => undefined,
      ),
    );
    try {
      const outcome = await started;
      if (outcome.status === 'failed') this.#error = outcome.error.message;
      if (outcome.status === 'paused' && outcome.message) this.#error = outcome.message;
    } catch (error) {
      this.#error = `The pipeline worker stopped: ${String(error)}`;
    } finally {
      this.#starts.delete(runId);
      if (this.#selectedRunId === runId) this.#inFlight = null;
    }
  }

  /** Pauses a running run; it can be resumed later. */
  async stop(runId: string): Promise<void> {
    await this.#deps.worker().stop(runId);
  }

  /**
   * Ends a run before its target: what it stored stays (and exports as usual), it is no longer
   * offered for resuming. A running run is paused first, then marked stopped once its last
   * write has settled.
   */
  async end(runId: string): Promise<void> {
    const running = this.#starts.get(runId);
    if (running) {
      await this.#deps.worker().stop(runId);
      await running;
    }
    await endRun(this.#deps.db, runId);
  }

  async remove(runId: string): Promise<void> {
    await deleteRun(this.#deps.db, runId);
    if (this.#selectedRunId === runId) this.#selectedRunId = null;
  }

  /** The stored solutions of one question in sample order (for the Explain view). */
  async solutionsOf(questionId: string): Promise<SolutionRecord[]> {
    return listSolutions(this.#deps.db, questionId);
  }

  /** Every kept pair of the project as ScaleQuest JSONL, read in pages. */
  async exportJsonl(): Promise<Blob> {
    const { exportJsonlBlob } = await import('../services/datasetExport');
    return exportJsonlBlob(this.#deps.db);
  }
}
