import type { EngineErrorData } from '../core/ports/engineError';

/** How a start of a run ended, for the page that asked. */
export type RunOutcome =
  | { status: 'done' }
  /** `message` says why when the run paused by itself (storage full). */
  | { status: 'paused'; message?: string }
  /** Ended by the person (from any tab) while it ran; its pairs stay. */
  | { status: 'stopped' }
  | { status: 'failed'; error: EngineErrorData }
  /** A local model is missing (never loaded, or lost with its GPU device): load it, resume. */
  | { status: 'interrupted'; message: string }
  /** Storage is full and the run had not started: nothing was changed. */
  | { status: 'full'; message: string }
  /** It already runs here or in another tab; nothing was changed. */
  | { status: 'busy' };
