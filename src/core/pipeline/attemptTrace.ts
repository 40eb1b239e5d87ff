import type { PipelineListener } from './pipelineEvents';
import {
  addTokens,
  type StageName,
  type StageTokens,
  type StageVerdict,
  type TokensByStage,
} from './records';

/** Collects one attempt's verdicts and per-stage tokens while announcing each stage. */
export class AttemptTrace {
  readonly verdicts: StageVerdict[] = [];
  tokens: TokensByStage = {};
  text = '';

  constructor(
    private readonly emit: PipelineListener,
    private readonly index: number,
  ) {}

  running(stage: StageName): void {
    this.emit({ type: 'stage', index: this.index, stage, status: 'running' });
  }

  pass(stage: StageName, reason?: string): void {
    this.verdicts.push({ stage, pass: true, ...(reason ? { reason } : {}) });
    this.#announce(stage, 'passed', reason);
  }

  fail(stage: StageName, reason: string): void {
    this.verdicts.push({ stage, pass: false, reason });
    this.#announce(stage, 'failed', reason);
  }

  /** The stage did not run for this question; it is recorded (and shown) as skipped, not passed. */
  skip(stage: StageName, reason: string): void {
    this.verdicts.push({ stage, pass: true, skipped: true, reason });
    this.#announce(stage, 'skipped', reason);
  }

  spend(stage: StageName, used: StageTokens): void {
    this.tokens = addTokens(this.tokens, stage, used);
  }

  #announce(stage: StageName, status: 'passed' | 'failed' | 'skipped', detail?: string): void {
    this.emit({
      type: 'stage',
      index: this.index,
      stage,
      status,
      ...(detail ? { detail } : {}),
      ...(this.text ? { text: this.text } : {}),
    });
  }
}
