import { advanceProgress, emptyProgress, type RunProgress } from '../core/pipeline/records';
import type { RunStore } from '../core/ports/runStore';
import type { QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';
import { storedQuestion } from './storedQuestion';
import { hasPackedKey } from './pairPacks';
import { nextAggregates } from './runAggregatesRepository';

/** The pipeline's storage port over IndexedDB: each attempt, its progress and the run's aggregates in one transaction. */
export class DexieRunStore implements RunStore {
  readonly #db: StudioDb;

  constructor(db: StudioDb) {
    this.#db = db;
  }

  async loadProgress(runId: string): Promise<RunProgress> {
    return (await this.#db.runs.get(runId))?.progress ?? emptyProgress();
  }

  async hasKeptQuestion(dedupKey: string): Promise<boolean> {
    const inRows = await this.#db.questions
      .where('[status+dedupKey]')
      .equals(['kept', dedupKey])
      .count();
    return inRows > 0 || hasPackedKey(this.#db, dedupKey);
  }

  saveQuestion(question: QuestionRow, solutions: SolutionRow[]): Promise<RunProgress> {
    const db = this.#db;
    const tables = [db.runs, db.questions, db.solutions, db.runAggregates];
    return db.transaction('rw', tables, async () => {
      const run = await db.runs.get(question.runId);
      if (!run) throw new Error(`Run ${question.runId} no longer exists`);
      // A redone attempt that was in fact stored already must not count twice.
      if (await db.questions.get(question.id)) return run.progress;
      const progress = advanceProgress(run.progress, question, solutions);
      // Read before the row is added: a run without aggregates yet gets them folded from its rows.
      const aggregates = await nextAggregates(db, run, question, solutions);
      await db.questions.add(storedQuestion(question, solutions));
      if (solutions.length) await db.solutions.bulkAdd(solutions);
      await db.runs.update(run.id, { progress, updatedAt: Date.now() });
      if (aggregates) await db.runAggregates.put(aggregates);
      return progress;
    });
  }
}
