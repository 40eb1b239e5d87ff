/**
 * A run's history as it is stored (table `runEvents`) and as the dashboard tells it. Kinds say
 * what happened; the message says why or how ("storage full", the error, "kept 40 of 40…").
 */
export type RunEventKind =
  | 'started'
  | 'resumed'
  /** Paused by the person (empty message) or by the studio ("storage full"). */
  | 'paused'
  /** Cut off from outside: the page closed or reloaded while it ran, or its local model is gone. */
  | 'interrupted'
  | 'failed'
  /** The run kept going after a fault it survived (e.g. the GPU device was lost and reloaded). */
  | 'recovered'
  | 'done'
  | 'stopped'
  | 'imported';

/**
 * A stored event. `kind` is a RunEventKind, or one written before events were named for what
 * they tell ('quota' → paused: storage full, 'error' → failed).
 */
export interface RunEventLike {
  at: number;
  kind: string;
  message: string;
}

/** The `paused` message when storage ran out. */
export const STORAGE_FULL_REASON = 'storage full';

export type RunEventTone = 'neutral' | 'good' | 'warn' | 'bad';

export interface RunEventLine {
  /** What happened, with its reason: "Paused: storage full", "Failed: …". */
  title: string;
  tone: RunEventTone;
}

const TITLES: Record<RunEventKind, [string, RunEventTone]> = {
  started: ['Started', 'neutral'],
  resumed: ['Resumed', 'neutral'],
  paused: ['Paused', 'warn'],
  interrupted: ['Interrupted', 'warn'],
  failed: ['Failed', 'bad'],
  recovered: ['Recovered', 'warn'],
  done: ['Done', 'good'],
  stopped: ['Stopped', 'neutral'],
  imported: ['Imported', 'neutral'],
};

/** One history line for a stored event, old kinds included. */
export function runEventLine(event: RunEventLike): RunEventLine {
  const kind = event.kind;
  if (kind === 'quota') return { title: `Paused: ${STORAGE_FULL_REASON}`, tone: 'warn' };
  const [title, tone] =
    kind === 'error'
      ? TITLES.failed
      : (TITLES[kind as RunEventKind] ?? [kind.charAt(0).toUpperCase() + kind.slice(1), 'neutral']);
  const reason = event.message.trim();
  return { title: reason ? `${title}: ${reason}` : title, tone };
}

/** What a finished run's `done` event says, from its stored progress. */
export function doneMessage(progress: { kept: number; attempts: number }, target: number): string {
  const attempts = `${progress.attempts.toLocaleString('en-US')} attempt${progress.attempts === 1 ? '' : 's'}`;
  return progress.kept >= target
    ? `kept ${progress.kept.toLocaleString('en-US')} of ${target.toLocaleString('en-US')} in ${attempts}`
    : `attempts used up: kept ${progress.kept.toLocaleString('en-US')} of ${target.toLocaleString('en-US')} in ${attempts}`;
}
