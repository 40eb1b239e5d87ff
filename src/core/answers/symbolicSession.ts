import { ComputeEngine } from '@cortex-js/compute-engine';

/** How much symbolic work one comparison may do before it gives up as "undecided". */
export interface ComparisonBudget {
  /** Wall-clock limit for all compute-engine work of one comparison. */
  timeMs: number;
  /** Compute-engine operations (parse, evaluate, identity check) allowed. */
  steps: number;
}

export const DEFAULT_BUDGET: ComparisonBudget = { timeMs: 2000, steps: 400 };

/** Longer LaTeX is not a short answer; it is never handed to the compute engine. */
export const MAX_SYMBOLIC_LENGTH = 400;

/** Thrown inside a comparison when the budget ran out: the answer is "undecided". */
export class Undecided extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Undecided';
  }
}

let engine: ComputeEngine | undefined;

/** One shared engine, built on first use: construction costs a few hundred milliseconds. */
function computeEngine(): ComputeEngine {
  engine ??= new ComputeEngine();
  return engine;
}

/**
 * The compute-engine work of one comparison. Every call counts one step and runs inside the
 * engine's own time limit (its `CancellationError` stops long evaluations, e.g. `100000!` or a
 * sum to 10¹²), so no answer can hang a run; once the steps or the time are spent, `run` throws
 * `Undecided`. Declarations the engine makes while parsing stay inside the session's scope.
 */
export class SymbolicSession {
  private readonly deadline: number;
  private stepsLeft: number;
  private scoped = false;
  /** Why the session gave up, once it has. */
  exhausted: string | null = null;

  constructor(
    budget: ComparisonBudget = DEFAULT_BUDGET,
    private readonly now: () => number = () => Date.now(),
  ) {
    // Built before the clock starts: the first construction is not this comparison's work
    computeEngine();
    this.deadline = this.now() + budget.timeMs;
    this.stepsLeft = budget.steps;
  }

  run<T>(work: (ce: ComputeEngine) => T): T {
    if (this.exhausted) throw new Undecided(this.exhausted);
    const ce = computeEngine();
    if (!this.scoped) {
      ce.pushScope();
      this.scoped = true;
    }
    const left = this.deadline - this.now();
    if (this.stepsLeft <= 0) return this.giveUp('step limit reached');
    if (left <= 0) return this.giveUp('time limit reached');
    this.stepsLeft--;
    try {
      // `work` is synchronous (the engine's limit only covers synchronous work)
      return ce.withTimeLimit<T>(
        { ms: left, label: 'grading' },
        () => work(ce) as T extends Promise<unknown> ? never : T,
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'CancellationError')
        return this.giveUp('time limit reached');
      throw error;
    }
  }

  /** Leaves the session's scope; call once when the comparison is over. */
  close(): void {
    if (this.scoped) computeEngine().popScope();
    this.scoped = false;
  }

  private giveUp(reason: string): never {
    this.exhausted = reason;
    throw new Undecided(reason);
  }
}
