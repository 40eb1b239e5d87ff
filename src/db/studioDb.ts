import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type {
  CustomModelRow,
  PairPackRow,
  RunAggregatesRow,
  QuestionRow,
  ReferenceSetRow,
  RequestCacheRow,
  RunEventRow,
  SolutionRow,
} from './rows';
import type { RunRow } from '../core/runs/runRow';
import { upgradeRunBackends, type LegacyRunFields } from '../core/runs/legacyBackends';

export const DEFAULT_DB_NAME = 'scalequest-studio';

/**
 * Schema versions are append-only: never edit a released version, add a new one with an upgrade.
 * Indexes only; rows carry more fields than listed here.
 */
export class StudioDb extends Dexie {
  runs!: EntityTable<RunRow, 'id'>;
  questions!: EntityTable<QuestionRow, 'id'>;
  solutions!: EntityTable<SolutionRow, 'id'>;
  customModels!: EntityTable<CustomModelRow, 'id'>;
  requestCache!: EntityTable<RequestCacheRow, 'key'>;
  runEvents!: EntityTable<RunEventRow, 'id'>;
  referenceSets!: EntityTable<ReferenceSetRow, 'id'>;
  pairPacks!: EntityTable<PairPackRow, 'id'>;
  runAggregates!: EntityTable<RunAggregatesRow, 'runId'>;

  constructor(name = DEFAULT_DB_NAME, options?: DexieOptions) {
    super(name, options);
    // v1 — 2026-11-21: runs, questions with per-stage verdicts, solutions.
    this.version(1).stores({
      runs: 'id, createdAt, status',
      questions: 'id, runId, [runId+index], status, [status+dedupKey], createdAt',
      solutions: 'id, questionId, runId',
    });
    // v2 — 2026-11-21: custom local (WebLLM) models added by URL; earlier tables unchanged.
    this.version(2).stores({
      customModels: 'id',
    });
    // v3 — 2026-11-21: projects (runs belong to one), review state on questions, the request
    // cache (payload hash → response) that lets a resumed run re-send only what is missing,
    // run events, and imported reference sets for the contamination check.
    this.version(3)
      .stores({
        projects: 'id, createdAt',
        runs: 'id, createdAt, status, projectId',
        questions:
          'id, runId, [runId+index], status, [status+dedupKey], createdAt, [status+reviewStatus]',
        requestCache: 'key, runId, createdAt',
        runEvents: '++id, runId, [runId+at]',
        referenceSets: 'id, createdAt',
      })
      .upgrade(async (tx) => {
        // v3 also filled a default project and put every run in it; v8 dropped projects, so
        // upgrading through here no longer writes them.
        await tx
          .table<QuestionRow, string>('questions')
          .toCollection()
          .modify((q) => {
            q.reviewStatus ??= 'pending';
          });
      });
    // v4 — 2026-11-21: the `runId` and `status` indexes of questions go (every index costs each
    // write); queries on them are served by the compound indexes they lead ([runId+index],
    // [status+dedupKey]: stored questions always carry both keys). Questions stored from now on
    // carry their chosen solution's text (`chosenResponse`) so exports read one row per pair.
    // Older rows are deliberately not rewritten here: copying every text would hold the
    // database closed for as long as the copy takes and could exceed the quota mid-upgrade;
    // the export reader fetches their solutions instead.
    this.version(4).stores({
      questions: 'id, [runId+index], [status+dedupKey], createdAt, [status+reviewStatus]',
    });
    // v5 — 2026-11-21: imported pairs are stored packed, many to a record (`pairPacks`): one
    // IndexedDB record per pair costs a fixed ~30 µs however small it is, which capped bulk
    // imports near 6,000 pairs/s. Packs are keyed `${runId}/${first}` and ordered by
    // [runId+first]; `*dedupKeys` keeps the project-wide exact-duplicate lookup indexed.
    // Runs imported before v5 keep their rows in `questions`: readers handle both layouts.
    this.version(5).stores({
      pairPacks: 'id, [runId+first], createdAt, *dedupKeys',
    });
    // v6 — 2026-12-05: whole-run figures (core/runs/runAggregates.ts), one row per run, updated
    // in the same transaction as each stored attempt. Runs stored before have none; their row is
    // computed once from their stored attempts when first needed (db/runAggregatesRepository.ts),
    // not here: folding every question of a large database would hold it closed meanwhile.
    this.version(6).stores({
      runAggregates: 'runId',
    });
    // v7 — 2026-12-05: one backend model. Runs stored `backend` (plus an optional partial `roles`,
    // remote backends as `baseUrl`/`model` beside `groupId`/`replicas`); each is rewritten once
    // into `backends`, every role named (core/runs/runBackends.ts), so no reader interprets the
    // older shapes. Runs are few (one row each): rewriting them all here is cheap.
    this.version(7)
      .stores({})
      .upgrade((tx) =>
        tx.table<LegacyRunFields, string>('runs').toCollection().modify(upgradeRunBackends),
      );
    // v8 — 2026-12-05: projects go. There was only ever the one default project, written by
    // v3 and on every new run but read by nothing; the table and the runs' `projectId` (with its
    // index) are removed rather than kept as a promise the studio does not keep.
    this.version(8)
      .stores({ projects: null, runs: 'id, createdAt, status' })
      .upgrade((tx) =>
        tx
          .table<RunRow & { projectId?: string }, string>('runs')
          .toCollection()
          .modify((run) => {
            delete run.projectId;
          }),
      );
  }
}

let shared: StudioDb | undefined;

/** The database of this origin, opened once per JavaScript context (page or worker). */
export function studioDb(): StudioDb {
  shared ??= new StudioDb();
  return shared;
}
