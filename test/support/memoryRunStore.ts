import {
  advanceProgress,
  emptyProgress,
  type QuestionRecord,
  type RunProgress,
  type SolutionRecord,
} from '../../src/core/pipeline/records';
import type { RunStore } from '../../src/core/ports/runStore';

/** In-memory RunStore for core tests. */
export class MemoryRunStore implements RunStore {
  progress = new Map<string, RunProgress>();
  questions = new Map<string, QuestionRecord>();
  solutions = new Map<string, SolutionRecord>();

  loadProgress(runId: string): Promise<RunProgress> {
    return Promise.resolve(this.progress.get(runId) ?? emptyProgress());
  }

  hasKeptQuestion(dedupKey: string): Promise<boolean> {
    return Promise.resolve(
      [...this.questions.values()].some((q) => q.status === 'kept' && q.dedupKey === dedupKey),
    );
  }

  saveQuestion(question: QuestionRecord, solutions: SolutionRecord[]): Promise<RunProgress> {
    const current = this.progress.get(question.runId) ?? emptyProgress();
    if (this.questions.has(question.id)) return Promise.resolve(current);
    const next = advanceProgress(current, question, solutions);
    this.questions.set(question.id, question);
    for (const s of solutions) this.solutions.set(s.id, s);
    this.progress.set(question.runId, next);
    return Promise.resolve(next);
  }
}
