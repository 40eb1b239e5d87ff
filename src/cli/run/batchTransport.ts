/**
 * Batch mode's HTTP seam: instead of sending a request, answer it from the results of earlier
 * batches when there are some, else note it as an OpenAI Batch API line (`custom_id`, `method`,
 * `url`, `body`) and hold it until the run stops. The custom_id is a hash of the endpoint path
 * and the canonical body, so a request the run makes again (same attempt, same seed, same
 * prompt) finds its answer and nothing is generated twice. Once no request has been made or
 * answered for `idleMs`, every attempt in flight waits on the batch: `onIdle` fires.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import type { HttpTransport } from '../../engine/http/transport';

export interface BatchRequestLine {
  custom_id: string;
  method: 'POST';
  url: string;
  body: Record<string, unknown>;
}

/** An answer read from a batch output line: the HTTP status and body it stands for. */
export interface BatchAnswer {
  status: number;
  body: string;
}

export function customId(path: string, body: unknown): string {
  return `sq-${createHash('sha256')
    .update(`${path}\n${canonicalJson(body)}`)
    .digest('hex')
    .slice(0, 32)}`;
}

/** What one output line says: the answer to a request, or why the batch engine gave none. */
export type BatchOutcome = { id: string; answer: BatchAnswer } | { id: string; error: string };

/** The message of a batch line's `error`: a string (vllm run-batch), or an error object. */
function errorMessage(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { message?: unknown; error?: { message?: unknown } | string };
  if (typeof e.error === 'string') return e.error;
  const message = e.error?.message ?? e.message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

/**
 * One output line of `vllm run-batch` or the OpenAI Batch API:
 * `{custom_id, response: {status_code, body}, error}`; a line whose `response` is the body itself
 * is read too. A line with an error, a non-2xx status or no body is an error: vllm run-batch
 * writes `{response: {status_code: 400, body: null}, error: "URL /v1/completions was used…"}`
 * for a request it does not serve. Returns undefined for a line that is not a batch answer.
 */
export function readAnswerLine(line: unknown): BatchOutcome | undefined {
  if (typeof line !== 'object' || line === null) return undefined;
  const l = line as { custom_id?: unknown; response?: unknown; error?: unknown };
  if (typeof l.custom_id !== 'string') return undefined;
  const id = l.custom_id;
  const response = l.response as
    { status_code?: unknown; body?: unknown; choices?: unknown } | null | undefined;
  const status = response && typeof response.status_code === 'number' ? response.status_code : 200;
  const body =
    response && typeof response === 'object' && 'body' in response ? response.body : response;
  const failed = errorMessage(l.error);
  if (failed === undefined && status >= 200 && status < 300 && body && typeof body === 'object')
    return { id, answer: { status, body: JSON.stringify(body) } };
  const given = failed ?? errorMessage(body);
  return {
    id,
    error: `${status >= 200 && status < 300 ? '' : `${status}: `}${given ?? 'the batch returned no response for this request'}`,
  };
}

export class BatchTransport {
  readonly pending = new Map<string, BatchRequestLine>();
  readonly #answers: Map<string, BatchAnswer>;
  readonly #idleMs: number;
  readonly #onIdle: () => void;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  answered = 0;

  constructor(answers: Map<string, BatchAnswer>, idleMs: number, onIdle: () => void) {
    this.#answers = answers;
    this.#idleMs = idleMs;
    this.#onIdle = onIdle;
  }

  readonly transport: HttpTransport = (request) => {
    this.#last = performance.now();
    const path = new URL(request.url).pathname;
    const body = JSON.parse(request.body ?? '{}') as Record<string, unknown>;
    const id = customId(path, body);
    const answer = this.#answers.get(id);
    if (answer) {
      this.answered += 1;
      const bytes = new TextEncoder().encode(answer.body);
      return Promise.resolve({
        status: answer.status,
        header: (name: string) =>
          name.toLowerCase() === 'content-type' ? 'application/json' : null,
        read: (onChunk) => {
          onChunk(bytes);
          return Promise.resolve();
        },
      });
    }
    this.pending.set(id, { custom_id: id, method: 'POST', url: path, body });
    this.#watch();
    // Held until the run stops: the answer comes with the next --batch-results.
    return new Promise((_, reject) => {
      request.cancel.onCancel(() => reject(new DOMException('The batch is pending', 'AbortError')));
    });
  };

  #watch(): void {
    if (this.#timer !== undefined) return;
    const check = () => {
      const quiet = performance.now() - this.#last;
      if (quiet >= this.#idleMs) {
        this.#timer = undefined;
        this.#onIdle();
      } else this.#timer = setTimeout(check, this.#idleMs - quiet);
    };
    this.#timer = setTimeout(check, this.#idleMs);
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
