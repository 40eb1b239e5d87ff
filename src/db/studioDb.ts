import { Dexie, type EntityTable } from 'dexie';
import type { CustomModelRow, QuestionRow, RunRow, SolutionRow } from './rows';

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

  constructor(name = DEFAULT_DB_NAME) {
    super(name);
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
  }
}

let shared: StudioDb | undefined;

/** The database of this origin, opened once per JavaScript context (page or worker). */
export function studioDb(): StudioDb {
  shared ??= new StudioDb();
  return shared;
}
