import { defaultRunConfig, type RunConfig } from '../core/pipeline/runConfig';
import { validateRunConfig } from '../core/pipeline/runConfigSchema';
import type { QuestionRecord, SolutionRecord } from '../core/pipeline/records';
import { observe } from '../db/observe';
import {
  eachRunQuestion,
  getQuestion,
  listRunQuestions,
  listSolutions,
} from '../db/pairRepository';
import { TeachingExampleFinder, type TeachingExample } from '../core/runs/teachingExamples';
import { ensureRunAggregates, getRunAggregates } from '../db/runAggregatesRepository';
import { listReferenceSetSummaries } from '../db/referenceSetRepository';
import type { RunAggregates } from '../core/runs/runAggregates';
import { runEta, type Eta } from '../core/runs/runPace';
import { createRun, listRuns, deleteRun, endRun } from '../db/runRepository';
import { listRunEvents } from '../db/runEventRepository';
import type { RunEventRow } from '../db/rows';
import { isQuotaError } from '../db/quotaError';
import type { RunRow } from '../core/runs/runRow';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { DerivedProfile } from '../core/prompts/profileFromChatConfig';
import type { StudioDb } from '../db/studioDb';
import { runsHeldAnywhere, waitForRunLock } from '../services/runLock';
import { reopenAbandonedRuns } from '../services/resumeOnOpen';
import type { RunEvent } from '../services/runService';
import type { RunWorkerPort } from '../services/runDispatcher';
import { broadcastRunControl, type LiveRunState, type RunControl } from '../services/runControl';
import { FULL_START_MESSAGE } from '../services/storageFull';
import type { PoolView } from '../services/poolStats';
import {
  backendsFor,
  firstUsableGroup,
  localModelsOf,
  type RemoteAccess,
} from '../core/runs/runBackends';
import { concurrencyFor, isRoleChoices, sameForAll, type RoleChoices } from './stageChoices';
import { applyRunEvent, shownAttempt, type InFlightQuestion, type LiveAttempts } from './liveStage';
import { APP_VERSION } from './appVersion';
import { startPreflight, type ConnectionTester } from '../services/startPreflight';

/** The page's local models, as far as resuming a run needs them. */
export interface LocalModelsPort {
  isLoaded(modelId: string): boolean;
  /** Loads the model unless it is loaded (or waits for its load under way); false if it failed. */
  ensureLoaded(modelId: string): Promise<boolean>;
}

export interface RunManagerDeps {
  /** Local models; without them a local run is started as it is (and waits as interrupted). */
  localModels?: LocalModelsPort;
  db: StudioDb;
  worker: () => RunWorkerPort;
  /** Wraps a callback so it can cross to the worker (Comlink.proxy); identity in tests. */
  proxy: <T extends (...args: never[]) => unknown>(fn: T) => T;
  /** Saved endpoints and keys, for runs resumed when the studio opens. */
  endpoint?: () => RemoteAccess;
  /** How Start checks a server (default: Test connection's GET /v1/models). */
  testConnection?: ConnectionTester;
  /** Runs whose Web Lock some tab holds (default: navigator.locks). */
  heldRuns?: () => Promise<Set<string>>;
  waitForLock?: (runId: string) => Promise<void>;
  /** Names of the built-in contamination sets this build carries (listed from its index). */
  builtInReferenceSets?: () => Promise<string[]>;
  /** Where pause/resume/end requests go to the tab driving a run (default: BroadcastChannel). */
  control?: RunControl | null;
  /** Told when a write was refused because browser storage is full. */
  storageFull?: () => void;
}

/** A page-wide message not tied to one run; the person can dismiss it. */
export interface Notice {
  /** 'model': a local model a resume needed did not load. */
  id: 'database' | 'worker' | 'model';
  message: string;
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
  | { kind: 'remote' }
  | { kind: 'webllm'; modelId: string; family: ModelFamily; profile?: DerivedProfile };

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
  #aggregates = $state.raw<RunAggregates | null>(null);
  #aggregatesReady = $state(false);
  /** Attempts in flight per running run (from the worker's events). */
  #attempts = $state.raw<Readonly<Record<string, LiveAttempts>>>({});
  /** Runs whose start this page is waiting on; stage events of any other run are stale. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #awaitingStart = new Set<string>();
  #activity = $state.raw<EndpointActivity | null>(null);
  #notices = $state.raw<Notice[]>([]);
  /** States drivers announced ahead of the stored rows (a pause while storage is full). */
  #live = $state.raw<Record<string, LiveRunState>>({});
  #events = $state.raw<RunEventRow[]>([]);
  #ready = $state(false);
  #builtInSets = $state.raw<string[]>([]);
  #importedSets = $state.raw<string[]>([]);
  readonly #shown = $derived(this.#runs.map((run) => withLive(run, this.#live[run.id])));
  /** Runs whose resume waits for a local model to load: run id → model id. */
  #waiting = $state.raw<Readonly<Record<string, string>>>({});
  /** Settles when the run's current start ends (so `end` can wait for its last write). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #starts = new Map<string, Promise<void>>();
  readonly #deps: RunManagerDeps;
  readonly #control: RunControl | undefined;
  #unsubscribers: (() => void)[] = [];
  #selectedUnsubscribers: (() => void)[] = [];

  constructor(deps: RunManagerDeps) {
    this.#deps = deps;
    this.#control =
      deps.control === undefined ? broadcastRunControl() : (deps.control ?? undefined);
  }

  /** Every run as stored, with the states their drivers announced but could not store yet. */
  get runs(): RunRow[] {
    return this.#shown;
  }
  get selectedRun(): RunRow | undefined {
    return this.#shown.find((r) => r.id === this.#selectedRunId);
  }
  /** The selected run's history, oldest first. */
  get selectedEvents(): RunEventRow[] {
    return this.#events;
  }
  /** The newest stored questions of the selected run (at most 200: a feed, not the whole run). */
  get runQuestions(): QuestionRecord[] {
    return this.#runQuestions;
  }
  /**
   * The selected run's whole-run figures, kept up to date as attempts are stored; null while
   * they are being computed for a run stored before they existed (or when it has none yet).
   */
  get runAggregates(): RunAggregates | null {
    return this.#aggregates;
  }
  /**
   * The selected run's ETA — the one model every screen shows (core/runs/runPace.ts): the pace
   * of its newest stored attempts; a run that is not running has none.
   */
  get eta(): Eta | undefined {
    const run = this.selectedRun;
    if (!run) return undefined;
    const agg = this.#aggregates;
    return runEta({
      status: run.status,
      kept: agg?.kept ?? run.progress.kept,
      target: run.config.targetPairs,
      attempts: agg?.attempts ?? run.progress.attempts,
      maxAttempts: run.config.maxAttempts,
      samples: agg?.recent ?? [],
    });
  }
  /** False while the selected run's figures are still being computed from its stored rows. */
  get aggregatesReady(): boolean {
    return this.#aggregatesReady;
  }
  /**
   * The selected run's question on the engine now (else the oldest one in flight); null unless
   * that run is running, so nothing says "in progress" after it ends.
   */
  get inFlight(): InFlightQuestion | null {
    if (this.selectedRun?.status !== 'running') return null;
    const live = this.#selectedRunId ? this.#attempts[this.#selectedRunId] : undefined;
    return live ? shownAttempt(live) : null;
  }
  /** Endpoint figures of the selected run (kept after it ends, until another run starts). */
  get endpointActivity(): EndpointActivity | null {
    return this.#activity?.runId === this.#selectedRunId ? this.#activity : null;
  }
  /** Page-wide problems (not a run's: those stay on the run). */
  get notices(): Notice[] {
    return this.#notices;
  }

  dismiss(id: Notice['id']): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  #notify(id: Notice['id'], message: string | null): void {
    const others = this.#notices.filter((n) => n.id !== id);
    this.#notices = message === null ? others : [...others, { id, message }];
  }
  /** The contamination reference sets a run started now would check against. */
  get referenceSets(): string[] {
    return [...this.#builtInSets, ...this.#importedSets];
  }
  get ready(): boolean {
    return this.#ready;
  }
  /** The local model a run's resume is waiting for, if any. */
  waitingFor(runId: string): string | undefined {
    return this.#waiting[runId];
  }
  /** The local models a run needs that are not loaded now (empty for remote runs). */
  missingLocalModels(run: RunRow): string[] {
    const port = this.#deps.localModels;
    return port ? localModelsOf(run.backends).filter((id) => !port.isLoaded(id)) : [];
  }

  async init(): Promise<void> {
    const { db } = this.#deps;
    const fail = (error: unknown) =>
      this.#notify('database', `Could not read the database: ${String(error)}`);
    this.#deps.builtInReferenceSets?.().then(
      (names) => (this.#builtInSets = names),
      () => (this.#builtInSets = []),
    );
    this.#unsubscribers.push(
      observe(
        () => listReferenceSetSummaries(db),
        (sets) => (this.#importedSets = sets.map((s) => s.name)),
        fail,
      ),
    );
    this.#unsubscribers.push(
      observe(
        () => listRuns(db),
        (runs) => {
          this.#runs = runs;
          this.#notify('database', null);
          if (!this.#selectedRunId && runs[0]) this.select(runs[0].id);
          this.#ready = true;
        },
        fail,
      ),
    );
    const control = this.#control;
    if (control) {
      this.#unsubscribers.push(
        control.listen((message) => {
          if (message.type !== 'live') return;
          if (message.live?.errorCode === 'quota') this.#deps.storageFull?.();
          const { [message.runId]: _old, ...rest } = this.#live;
          this.#live = message.live ? { ...rest, [message.runId]: message.live } : rest;
        }),
      );
      // Drivers answer with the states they hold, so a tab opened meanwhile shows them too.
      control.post({ type: 'hello' });
    }
    await reopenAbandonedRuns(db, {
      heldRuns: this.#deps.heldRuns ?? runsHeldAnywhere,
      waitForLock: this.#deps.waitForLock ?? waitForRunLock,
      endpoint: this.#deps.endpoint,
      resume: ({ runId, access }) => void this.start(runId, access),
    });
  }

  dispose(): void {
    for (const unsubscribe of [...this.#unsubscribers, ...this.#selectedUnsubscribers])
      unsubscribe();
  }

  select(runId: string): void {
    if (this.#selectedRunId === runId) return;
    this.#selectedRunId = runId;
    this.#events = [];
    for (const unsubscribe of this.#selectedUnsubscribers) unsubscribe();
    const { db } = this.#deps;
    const fail = (error: unknown) =>
      this.#notify('database', `Could not read the database: ${String(error)}`);
    this.#aggregates = null;
    this.#aggregatesReady = false;
    this.#selectedUnsubscribers = [
      observe(
        () => listRunQuestions(db, runId),
        (questions) => (this.#runQuestions = questions),
        fail,
      ),
      observe(
        () => listRunEvents(db, runId),
        (events) => (this.#events = events),
        fail,
      ),
      observe(
        () => getRunAggregates(db, runId),
        (agg) => {
          if (this.#selectedRunId !== runId) return;
          this.#aggregates = agg ?? null;
          if (agg) this.#aggregatesReady = true;
        },
        fail,
      ),
    ];
    // Runs stored before the aggregates existed get them computed once, from their rows.
    ensureRunAggregates(db, runId).then(() => {
      if (this.#selectedRunId === runId) this.#aggregatesReady = true;
    }, fail);
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
    access: RemoteAccess,
    choice: BackendChoice | RoleChoices = { kind: 'remote' },
  ): Promise<string[]> {
    const config = this.configFor(form);
    const choices = this.#roleChoices(choice, access);
    if (!choices) return [...validateRunConfig(config), 'Set the server URL and model first.'];
    // The generator decides the pre-query template: a local model its own (from its config) or
    // its family's; a remote generator keeps the configured family.
    const generator = choices.generate;
    delete config.preQuery;
    if (generator.kind === 'webllm') {
      config.profile = generator.family;
      if (generator.profile) config.preQuery = { ...generator.profile, model: generator.modelId };
    }
    const { backends, problems } = backendsFor(choices, access);
    config.concurrency = concurrencyFor(config.concurrency, backends);
    problems.unshift(...validateRunConfig(config));
    if (problems.length) return problems;
    // Servers first: nothing is created for a run that could not reach its servers.
    const unreachable = await startPreflight(backends, access, this.#deps.testConnection);
    if (unreachable.length) return unreachable;
    let run: RunRow;
    try {
      run = await createRun(this.#deps.db, {
        name: form.name.trim() || `Run of ${config.targetPairs}`,
        config,
        backends,
        appVersion: APP_VERSION,
      });
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      this.#deps.storageFull?.();
      return [FULL_START_MESSAGE];
    }
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

  async start(runId: string, access: RemoteAccess): Promise<void> {
    this.select(runId);
    if (!(await this.#localModelsReady(runId))) return;
    const keptAtStart = this.#runs.find((r) => r.id === runId)?.progress.kept ?? 0;
    const startedAt = Date.now();
    const onEvent = this.#deps.proxy((event: RunEvent) => {
      if (event.type === 'endpoints') {
        this.#activity = { runId, pools: event.pools, startedAt, keptAtStart };
        return;
      }
      // Events still crossing from the worker after the run ended must not bring it back.
      if (!this.#awaitingStart.has(runId)) return;
      this.#attempts = {
        ...this.#attempts,
        [runId]: applyRunEvent(this.#attempts[runId] ?? {}, event),
      };
    });
    this.#awaitingStart.add(runId);
    const started = this.#deps.worker().start(runId, access, onEvent);
    this.#starts.set(
      runId,
      started.then(
        () => undefined,
        () => undefined,
      ),
    );
    try {
      const outcome = await started;
      this.#notify('worker', null);
      // A run's own failure (or interruption) is stored on it and shown there, not in a
      // page-wide banner.
      if (outcome.status === 'full') this.#deps.storageFull?.();
      if (outcome.status === 'paused' && outcome.message) this.#deps.storageFull?.();
      // Held by another tab (e.g. paused there while storage is full): that tab resumes it.
      if (outcome.status === 'busy') this.#control?.post({ type: 'resume', runId });
    } catch (error) {
      this.#notify('worker', `The pipeline worker stopped: ${String(error)}`);
    } finally {
      this.#starts.delete(runId);
      this.#awaitingStart.delete(runId);
      const { [runId]: _ended, ...others } = this.#attempts;
      this.#attempts = others;
    }
  }

  /**
   * A run on local models resumes only once they are loaded: it waits for a load under way, or
   * starts the load, instead of failing. The run stays as it was (interrupted) meanwhile.
   */
  async #localModelsReady(runId: string): Promise<boolean> {
    const port = this.#deps.localModels;
    const run = this.#runs.find((r) => r.id === runId);
    if (!port || !run) return true;
    for (const modelId of localModelsOf(run.backends)) {
      if (port.isLoaded(modelId)) continue;
      this.#waiting = { ...this.#waiting, [runId]: modelId };
      const loaded = await port.ensureLoaded(modelId).catch(() => false);
      const { [runId]: _done, ...others } = this.#waiting;
      this.#waiting = others;
      if (!loaded) {
        this.#notify(
          'model',
          `${modelId} did not load, so "${run.name}" was not resumed. Models says what went wrong.`,
        );
        return false;
      }
    }
    this.#notify('model', null);
    return true;
  }

  /** Pauses a running run, wherever it runs (this tab or another); it can be resumed later. */
  async stop(runId: string): Promise<void> {
    this.#control?.post({ type: 'pause', runId });
    if (this.#starts.has(runId)) await this.#deps.worker().stop(runId);
  }

  /**
   * Ends a run before its target: what it stored stays (and exports as usual), it is no longer
   * offered for resuming. The tab that drives it (this one or another) stops it and marks it
   * stopped once its last write has settled; a run nobody drives is marked at once.
   */
  async end(runId: string): Promise<void> {
    const here = this.#starts.get(runId);
    if (here) {
      await this.#deps.worker().end(runId);
      await here;
      return;
    }
    const held = await (this.#deps.heldRuns ?? runsHeldAnywhere)();
    if (held.has(runId)) {
      this.#control?.post({ type: 'end', runId });
      await (this.#deps.waitForLock ?? waitForRunLock)(runId);
      return;
    }
    try {
      await endRun(this.#deps.db, runId, Date.now(), { driver: true });
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      this.#deps.storageFull?.();
    }
  }

  async remove(runId: string): Promise<void> {
    await deleteRun(this.#deps.db, runId);
    if (this.#selectedRunId === runId) this.#selectedRunId = null;
  }

  /** The stored solutions of one question in sample order (for the Explain view). */
  async solutionsOf(questionId: string): Promise<SolutionRecord[]> {
    return listSolutions(this.#deps.db, questionId);
  }

  /** One stored question, also one older than the newest the feed holds (Explain's picks). */
  async questionOf(questionId: string): Promise<QuestionRecord | undefined> {
    return getQuestion(this.#deps.db, questionId);
  }

  /** Questions worth showing a class (teachingExamples.ts), from a run's newest `limit`. */
  async teachingExamples(
    runId: string,
    limit = 5000,
  ): Promise<{ examples: TeachingExample[]; seen: number }> {
    const finder = new TeachingExampleFinder();
    await eachRunQuestion(this.#deps.db, runId, limit, (q) => finder.add(q));
    return { examples: finder.examples, seen: finder.seen };
  }

  /** Every kept pair of the project as ScaleQuest JSONL, read in pages. */
  async exportJsonl(): Promise<Blob> {
    const { exportJsonlBlob } = await import('../services/datasetExport');
    return exportJsonlBlob(this.#deps.db);
  }
}

function withLive(run: RunRow, live: LiveRunState | undefined): RunRow {
  // Only a run stored as running lags behind its driver; any other stored state is newer.
  if (!live || run.status !== 'running') return run;
  const { error: _error, errorCode: _code, ...rest } = run;
  return { ...rest, ...live };
}
