import { advanceProgress, emptyProgress, type RunProgress } from '../core/pipeline/records';
import type { RunStore } from '../core/pipeline/runStore';
import type { QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';
import { storedQuestion } from './storedQuestion';

/** The pipeline's storage port over IndexedDB. */
export class DexieRunStore implements RunStore {
  readonly #db: StudioDb;

  constructor(db: StudioDb) {
    this.#db = db;
  }

  async loadProgress(runId: string): Promise<RunProgress> {
    return (await this.#db.runs.get(runId))?.progress ?? emptyProgress();
  }

  async hasKeptQuestion(dedupKey: string): Promise<boolean> {
    return (
      (await this.#db.questions.where('[status+dedupKey]').equals(['kept', dedupKey]).count()) > 0
    );
  }

  saveQuestion(question: QuestionRow, solutions: SolutionRow[]): Promise<RunProgress> {
    const db = this.#db;
    return db.transaction('rw', db.runs, db.questions, db.solutions, async () => {
      const run = await db.runs.get(question.runId);
      if (!run) throw new Error(`Run ${question.runId} no longer exists`);
      // A redone attempt that was in fact stored already must not count twice.
      if (await db.questions.get(question.id)) return run.progress;
      const progress = advanceProgress(run.progress, question, solutions);
      await db.questions.add(storedQuestion(question, solutions));
      if (solutions.length) await db.solutions.bulkAdd(solutions);
      await db.runs.update(run.id, { progress, updatedAt: Date.now() });
      return progress;
    });
  }

  /**
   * Many finished questions in one transaction (imports, benchmarks): the per-question path's
   * guarantees — all or nothing, stored ids skipped, progress advanced with them — at bulk speed.
   * Runs keep using `saveQuestion`, one transaction per finished question.
   */
  saveQuestions(runId: string, items: PairBatch): Promise<RunProgress> {
    const db = this.#db;
    return db.transaction('rw', db.runs, db.questions, db.solutions, async () => {
      const run = await db.runs.get(runId);
      if (!run) throw new Error(`Run ${runId} no longer exists`);
      // One key-only range read instead of a lookup per question.
      const indexes = items.map((i) => i.question.index);
      const stored = new Set(
        await db.questions
          .where('[runId+index]')
          .between([runId, Math.min(...indexes)], [runId, Math.max(...indexes)], true, true)
          .primaryKeys(),
      );
      const fresh = items.filter((i) => !stored.has(i.question.id));
      let progress = run.progress;
      for (const { question, solutions } of fresh)
        progress = advanceProgress(progress, question, solutions);
      await db.questions.bulkAdd(fresh.map((i) => storedQuestion(i.question, i.solutions)));
      await db.solutions.bulkAdd(fresh.flatMap((i) => i.solutions));
      await db.runs.update(runId, { progress, updatedAt: Date.now() });
      return progress;
    });
  }
}

export type PairBatch = readonly { question: QuestionRow; solutions: SolutionRow[] }[];
