import type { EngineErrorCode } from '../../core/ports/engineError';
import type { RunRow } from '../../core/runs/runRow';

/** Longer problems show this much and fold the rest (a server's HTML error page, a stack). */
export const SHORT_PROBLEM_CHARS = 240;

export type ProblemHint = 'storage' | 'server' | 'model' | null;

const SERVER_CODES = new Set<EngineErrorCode>([
  'network',
  'timeout',
  'cors',
  'unauthorized',
  'not_found',
  'model_not_found',
  'rate_limited',
  'server',
  'bad_request',
  'bad_response',
  'context_window_exceeded',
]);

/** What the person can do about a run's problem, from its code (or its backend for old rows). */
export function problemHint(run: Pick<RunRow, 'errorCode' | 'error' | 'backends'>): ProblemHint {
  const code = run.errorCode;
  if (code === 'quota') return 'storage';
  if (code === 'model_not_loaded' || code === 'device_lost' || code === 'out_of_memory')
    return 'model';
  if (code && SERVER_CODES.has(code)) return 'server';
  if (code || !run.error) return null;
  // Rows from before error codes: the words or the backend say where to look.
  if (/storage is full/i.test(run.error)) return 'storage';
  return run.backends?.generate.kind === 'webllm' ? 'model' : 'server';
}
