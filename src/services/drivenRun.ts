/**
 * A run driven by this context (page or pipeline worker), and how its end is written. Pause, end
 * and resume reach it from any tab through the run control channel; the state it ends in is
 * written with its event in one transaction — and when storage is full even that small write is
 * refused, so the run is held here (with its lock) and shown in that state in every tab until the
 * write goes through, or someone resumes or ends it first.
 */
import type { RunOutcome } from './runOutcome';
import type { LiveRunState, RunControl } from './runControl';
import { isQuotaError } from '../db/quotaError';
import { endRun, recordTransition, type RunTransition } from '../db/runRepository';
import type { StudioDb } from '../db/studioDb';
import { QUOTA_MESSAGE } from './storageFull';
import type { RunEventKind } from '../core/runs/runEvents';

export type Wake = 'resume' | 'end' | 'retry';

export class DrivenRun {
  controller = new AbortController();
  /** Set by an end request: once the pipeline stops, the run is marked stopped, not paused. */
  ending = false;
  /** What every tab is shown while the stored row lags behind (storage full). */
  live: LiveRunState | null = null;
  /** The event of a held ending, written with the next start if the run is resumed in place. */
  unwritten: { kind: RunEventKind; message: string; at: number } | undefined;
  #wake: ((why: Wake) => void) | undefined;

  /** A fresh signal for the next attempt at running it. */
  restart(): AbortSignal {
    this.controller = new AbortController();
    return this.controller.signal;
  }

  pause(): void {
    this.controller.abort();
  }

  end(): void {
    this.ending = true;
    this.controller.abort();
    this.#wake?.('end');
  }

  /** Only a run held here (its state not yet written) can be resumed in place. */
  resume(): void {
    this.#wake?.('resume');
  }

  /**
   * Resolves after `ms` (or when `stop` aborts) with 'retry', or earlier when someone asks to
   * resume or end the held run.
   */
  wait(ms: number, stop?: AbortSignal): Promise<Wake> {
    return new Promise((resolve) => {
      const wake = (why: Wake) => {
        clearTimeout(timer);
        stop?.removeEventListener('abort', stopped);
        // A later wait may have taken over; only this one's own hook is cleared.
        if (this.#wake === wake) this.#wake = undefined;
        resolve(why);
      };
      const stopped = () => wake('retry');
      const timer = setTimeout(stopped, ms);
      this.#wake = wake;
      if (stop?.aborted) stopped();
      else stop?.addEventListener('abort', stopped, { once: true });
    });
  }
}

/** How a run attempt ended, before that is written down. */
export interface RunEnding {
  outcome: RunOutcome;
  /** The history line it adds (written by `write`, with the state). */
  event: { kind: RunEventKind; message: string };
  /** The state every tab shows if the write has to wait. */
  state: LiveRunState;
  write: () => Promise<void>;
  /** A held run may be resumed in place (a paused or failed one; not a finished one). */
  resumable: boolean;
}

/** The ending that writes `transition` (then `after`, e.g. dropping a finished run's cache). */
export function transitionEnding(
  db: StudioDb,
  runId: string,
  outcome: RunOutcome,
  transition: RunTransition & { event: { message: string } },
  options: { resumable: boolean; after?: () => Promise<void> },
): RunEnding {
  const { status, error, errorCode } = transition;
  return {
    outcome,
    event: transition.event,
    state: { status, ...(error !== undefined ? { error, errorCode } : {}) },
    resumable: options.resumable,
    write: async () => {
      await recordTransition(db, runId, transition);
      await options.after?.();
    },
  };
}

export interface SettleDeps {
  db: StudioDb;
  control: RunControl | undefined;
  /** Time between two tries at writing the state while storage is full. */
  retryMs: number;
}

/**
 * Writes how the run ended; on a full disk keeps trying (announcing the state meanwhile).
 * Returns the outcome once written, or 'resume' when the person resumed the held run.
 */
export async function settleRun(
  deps: SettleDeps,
  runId: string,
  driven: DrivenRun,
  ending: RunEnding,
): Promise<RunOutcome | 'resume'> {
  for (;;) {
    try {
      if (driven.ending) await endRun(deps.db, runId, Date.now(), { driver: true });
      else await ending.write();
      driven.unwritten = undefined;
      announce(deps, runId, driven, null);
      return driven.ending ? { status: 'stopped' } : ending.outcome;
    } catch (error) {
      if (!isQuotaError(error)) throw error;
    }
    announce(deps, runId, driven, {
      ...ending.state,
      ...(driven.ending ? { status: 'paused' } : {}),
      error: ending.state.error ?? QUOTA_MESSAGE,
      errorCode: ending.state.errorCode ?? 'quota',
    });
    driven.unwritten ??= { ...ending.event, at: Date.now() };
    const why = await driven.wait(deps.retryMs);
    if (why === 'resume' && ending.resumable && !driven.ending) return 'resume';
  }
}

export function announce(
  deps: Pick<SettleDeps, 'control'>,
  runId: string,
  driven: DrivenRun,
  live: LiveRunState | null,
): void {
  if (live === null && driven.live === null) return;
  driven.live = live;
  deps.control?.post({ type: 'live', runId, live });
}
