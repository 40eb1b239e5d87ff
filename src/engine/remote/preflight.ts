/**
 * Before any work: is every endpoint of a run reachable, an OpenAI-compatible server, serving the
 * configured model (GET /v1/models, with Test connection's explanations), and — when `probe` is
 * asked — does a one-token request come back, streamed, with all `n` choices? All endpoints are
 * checked at once, each within seconds. What cannot work (unreachable, refused key, unknown model,
 * not an OpenAI server, a request rejected as malformed) is a problem; what only degrades (no
 * streaming, `n` ignored, a busy server failing the probe) is a note.
 */
import { EngineError } from '../../core/ports/engineError';
import type { GenerationKind, RemoteEndpointConfig } from '../openai/openAiCompatibleEngine';
import { OpenAiCompatibleEngine } from '../openai/openAiCompatibleEngine';
import { testConnection } from './testConnection';
import { redactSecret } from './secrets';

export interface PreflightTarget {
  /** How the endpoint is called in messages (an endpoint name, a group and role). */
  name: string;
  config: RemoteEndpointConfig;
  /** Which request the run will send it; 'pooling' (a reward model) gets the model check only. */
  kind: GenerationKind | 'pooling';
}

export interface PreflightResult {
  name: string;
  baseUrl: string;
  ok: boolean;
  /** What is wrong and what to do, when not ok. */
  problem?: string;
  /** What works, or works worse than it could (streaming, n). */
  notes: string[];
}

export interface PreflightOptions {
  /** Per endpoint, for each of the two requests (default 10 s). */
  timeoutMs?: number;
  /** Also send a one-token generation (default true). */
  probe?: boolean;
  /** Error wording: a page or worker, or a terminal. Default: decided by `location`. */
  browser?: boolean;
  signal?: AbortSignal;
}

async function probeGeneration(
  target: PreflightTarget,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ problem?: string; notes: string[] }> {
  const engine = new OpenAiCompatibleEngine({ ...target.config, timeoutMs });
  const sampling = { maxTokens: 1, temperature: 1, topP: 1, n: 2 };
  const request =
    target.kind === 'chat'
      ? { ...sampling, messages: [{ role: 'user' as const, content: '1+1=' }] }
      : { ...sampling, prompt: '1+1=' };
  const started = performance.now();
  try {
    const sent = await engine.send(
      target.kind === 'chat' ? 'chat' : 'complete',
      request,
      signal ? { signal } : {},
    );
    const ms = Math.round(performance.now() - started);
    return {
      notes: [
        `1-token answer in ${ms} ms`,
        sent.streamed
          ? 'streams'
          : 'does not stream (answers arrive whole; a hung request is found later)',
        sent.result.choices.length >= 2
          ? 'honours n'
          : 'ignores n (each solution becomes a request of its own)',
      ],
    };
  } catch (raw) {
    const error = EngineError.from(raw);
    if (error.code === 'aborted') throw error;
    // A busy or flaky server may fail one probe and serve the run; a rejected request will not.
    if (error.retryable) return { notes: [`the probe request failed (${error.message})`] };
    return { problem: error.message, notes: [] };
  }
}

async function checkOne(
  target: PreflightTarget,
  options: PreflightOptions,
): Promise<PreflightResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { baseUrl, model, apiKey } = target.config;
  const connection = await testConnection(
    {
      baseUrl,
      model,
      timeoutMs,
      ...(apiKey ? { apiKey } : {}),
      ...(target.config.fetch ? { fetch: target.config.fetch } : {}),
      ...(options.browser !== undefined ? { environment: { browser: options.browser } } : {}),
    },
    options.signal,
  );
  const result: PreflightResult = {
    name: target.name,
    baseUrl: connection.baseUrl || baseUrl,
    ok: connection.ok,
    notes: [],
  };
  if (!connection.ok) {
    result.problem = `${connection.summary}: ${connection.detail}`;
    return result;
  }
  if (options.probe === false || target.kind === 'pooling') return result;
  const probe = await probeGeneration(target, timeoutMs, options.signal);
  result.notes = probe.notes.map((n) => redactSecret(n, apiKey));
  if (probe.problem !== undefined) {
    result.ok = false;
    result.problem = redactSecret(probe.problem, apiKey);
  }
  return result;
}

/** Checks every target at once; the results come in the targets' order. */
export function preflight(
  targets: PreflightTarget[],
  options: PreflightOptions = {},
): Promise<PreflightResult[]> {
  return Promise.all(targets.map((t) => checkOne(t, options)));
}
