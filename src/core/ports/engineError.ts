/**
 * Typed engine errors. They cross worker boundaries as plain `EngineErrorData` objects
 * (structured clone drops class identity) and are rebuilt with `EngineError.fromData`.
 */

export type EngineErrorCode =
  | 'aborted'
  | 'network'
  | 'timeout'
  | 'cors'
  | 'unauthorized'
  | 'not_found'
  | 'model_not_found'
  | 'rate_limited'
  | 'server'
  | 'bad_request'
  | 'bad_response'
  | 'context_window_exceeded'
  | 'model_not_loaded'
  | 'shader_f16_missing'
  | 'webgpu_unavailable'
  | 'device_lost'
  | 'out_of_memory'
  | 'quota'
  | 'unknown';

export interface EngineErrorData {
  code: EngineErrorCode;
  message: string;
  retryable: boolean;
  /** Seconds the server asked us to wait (HTTP Retry-After), when known. */
  retryAfterS?: number;
  status?: number;
  /**
   * Cut by its liveness deadline: the server went silent. Says nothing about the request itself,
   * so it is retried at once and never parked (the deadline already spaced the attempts).
   */
  stalled?: boolean;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly retryable: boolean;
  readonly retryAfterS: number | undefined;
  readonly status: number | undefined;
  readonly stalled: boolean;

  constructor(data: EngineErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'EngineError';
    this.code = data.code;
    this.retryable = data.retryable;
    this.retryAfterS = data.retryAfterS;
    this.status = data.status;
    this.stalled = data.stalled === true;
  }

  toData(): EngineErrorData {
    const data: EngineErrorData = {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.retryAfterS !== undefined) data.retryAfterS = this.retryAfterS;
    if (this.status !== undefined) data.status = this.status;
    if (this.stalled) data.stalled = true;
    return data;
  }

  static fromData(data: EngineErrorData): EngineError {
    return new EngineError(data);
  }

  /** The one error every cancelled call rejects with, whatever cancelled it. */
  static aborted(): EngineError {
    return new EngineError({ code: 'aborted', retryable: false, message: 'Cancelled' });
  }

  /**
   * Any thrown value as an EngineError: itself, rebuilt from plain data (it crossed a worker),
   * the abort error for a DOM/Node AbortError, else `unknown` with the value as its cause.
   */
  static from(error: unknown): EngineError {
    if (error instanceof EngineError) return error;
    if (EngineError.isEngineErrorData(error)) return EngineError.fromData(error);
    if (error instanceof Error && error.name === 'AbortError') return EngineError.aborted();
    const message = error instanceof Error ? error.message : String(error);
    return new EngineError({ code: 'unknown', retryable: false, message }, { cause: error });
  }

  static isEngineErrorData(value: unknown): value is EngineErrorData {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Record<string, unknown>;
    return (
      typeof v.code === 'string' &&
      typeof v.message === 'string' &&
      typeof v.retryable === 'boolean'
    );
  }
}

export function isAbortError(error: unknown): boolean {
  if (error instanceof EngineError) return error.code === 'aborted';
  return error instanceof Error && error.name === 'AbortError';
}
