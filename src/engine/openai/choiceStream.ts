/**
 * Reads an OpenAI-compatible answer into choices, streamed or not. A stream is server-sent events
 * (parsed by eventsource-parser): one delta of one choice per event, `index` telling the n choices
 * apart, `finish_reason` on a choice's last delta, `usage` on the last event when
 * `stream_options.include_usage` was asked, `[DONE]` at the end; vLLM reports a failure after
 * the headers as a `{"error": …}` event. A server that ignores `stream` answers one JSON body,
 * which is read the same way.
 */
import { createParser } from 'eventsource-parser';
import { EngineError } from '../../core/ports/engineError';
import type { FinishReason, GenerationChoice, TokenLogprob } from '../../core/ports/llmEngine';
import { badResponse } from '../http/httpErrors';
import type { HttpExchange } from '../http/exchange';

export interface ReadChoices {
  choices: GenerationChoice[];
  model: string | undefined;
  promptTokens: number;
  completionTokens: number;
  /** False when the server ignored `stream` and sent one body. */
  streamed: boolean;
  /** False when the server sent no usage (tokens were counted from the deltas instead). */
  usageReported: boolean;
}

interface WireTokenLogprob {
  token?: unknown;
  logprob?: unknown;
  top_logprobs?: unknown;
}

interface WireChoice {
  index?: unknown;
  text?: unknown;
  message?: { content?: unknown };
  delta?: { content?: unknown };
  finish_reason?: unknown;
  logprobs?: { content?: unknown } | null;
}

interface WireBody {
  model?: unknown;
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: unknown;
}

export function finishReason(value: unknown): FinishReason {
  if (value === 'stop' || value === 'length' || value === 'abort') return value;
  if (value === 'eos' || value === 'stop_sequence') return 'stop';
  return 'other';
}

function tokenLogprob(entry: WireTokenLogprob): TokenLogprob | null {
  return typeof entry.token === 'string' && typeof entry.logprob === 'number'
    ? { token: entry.token, logprob: entry.logprob }
    : null;
}

/** Chat `logprobs.content` (OpenAI shape, also vLLM/SGLang/llama.cpp): token, logprob, top_logprobs. */
function chatLogprobs(content: unknown): NonNullable<GenerationChoice['logprobs']> {
  if (!Array.isArray(content)) return [];
  const out: NonNullable<GenerationChoice['logprobs']> = [];
  for (const entry of content as WireTokenLogprob[]) {
    const own = tokenLogprob(entry);
    if (!own) continue;
    const top = Array.isArray(entry.top_logprobs)
      ? (entry.top_logprobs as WireTokenLogprob[])
          .map(tokenLogprob)
          .filter((t): t is TokenLogprob => t !== null)
      : [];
    out.push({ ...own, top });
  }
  return out;
}

/** An error a server put in the body (mid-stream, or in a 200 answer). */
function bodyError(error: unknown, url: string): EngineError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    code?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
  const status = typeof e.code === 'number' ? e.code : 500;
  const retryable = status >= 500 || status === 429;
  return new EngineError({
    code: retryable ? 'server' : 'bad_request',
    retryable,
    status,
    message: `${url} reported an error while answering: ${message}`,
  });
}

/** Choices as they build up, delta by delta. */
class ChoiceParts {
  readonly #chat: boolean;
  readonly #texts: string[][] = [];
  readonly #finish: unknown[] = [];
  readonly #logprobs: NonNullable<GenerationChoice['logprobs']>[] = [];
  deltas = 0;

  constructor(chat: boolean) {
    this.#chat = chat;
  }

  add(raw: WireChoice, position: number): void {
    const index = typeof raw.index === 'number' ? raw.index : position;
    const text = this.#chat ? (raw.delta?.content ?? raw.message?.content) : raw.text;
    (this.#texts[index] ??= []).push(typeof text === 'string' ? text : '');
    if (typeof text === 'string' && text !== '') this.deltas++;
    if (raw.finish_reason !== null && raw.finish_reason !== undefined)
      this.#finish[index] = raw.finish_reason;
    if (this.#chat && raw.logprobs?.content)
      (this.#logprobs[index] ??= []).push(...chatLogprobs(raw.logprobs.content));
  }

  /** Every choice that was seen; throws when one never finished (the stream was cut). */
  done(url: string, requireFinish: boolean): GenerationChoice[] {
    const choices: GenerationChoice[] = [];
    for (let i = 0; i < this.#texts.length; i++) {
      const parts = this.#texts[i];
      if (!parts) continue;
      if (requireFinish && this.#finish[i] === undefined)
        throw badResponse(`The stream from ${url} ended before choice ${i} finished`);
      const logprobs = this.#logprobs[i];
      choices.push({
        text: parts.join(''),
        finishReason: finishReason(this.#finish[i]),
        ...(logprobs?.length ? { logprobs } : {}),
      });
    }
    return choices;
  }
}

function usageOf(body: WireBody): { prompt: number; completion: number } | undefined {
  if (!body.usage) return undefined;
  return {
    prompt: Number(body.usage.prompt_tokens ?? 0) || 0,
    completion: Number(body.usage.completion_tokens ?? 0) || 0,
  };
}

function finished(
  parts: ChoiceParts,
  body: { model: unknown; usage: { prompt: number; completion: number } | undefined },
  url: string,
  streamed: boolean,
): ReadChoices {
  const choices = parts.done(url, streamed);
  if (choices.length === 0) throw badResponse(`The server at ${url} answered with no choices`);
  return {
    choices,
    model: typeof body.model === 'string' ? body.model : undefined,
    promptTokens: body.usage?.prompt ?? 0,
    completionTokens: body.usage?.completion ?? parts.deltas,
    streamed,
    usageReported: body.usage !== undefined,
  };
}

/**
 * Reads the exchange's answer (a stream or one JSON body) into choices; `onDeltas` hears how many
 * non-empty deltas each read of a stream brought.
 */
export async function readChoices(
  exchange: HttpExchange,
  chat: boolean,
  onDeltas?: (count: number) => void,
): Promise<ReadChoices> {
  const type = exchange.header('content-type') ?? '';
  const parts = new ChoiceParts(chat);
  if (!type.includes('text/event-stream')) {
    const body = (await exchange.json()) as WireBody;
    if (body.error !== undefined) throw bodyError(body.error, exchange.url);
    if (!Array.isArray(body.choices))
      throw badResponse(`The server at ${exchange.url} answered without a "choices" list`);
    (body.choices as WireChoice[]).forEach((c, i) => {
      const text = chat ? c.message?.content : c.text;
      if (typeof text !== 'string')
        throw badResponse(`A choice in the answer of ${exchange.url} has no text`);
      parts.add(c, i);
    });
    return finished(parts, { model: body.model, usage: usageOf(body) }, exchange.url, false);
  }
  let model: unknown;
  let usage: { prompt: number; completion: number } | undefined;
  let ended = false as boolean;
  let failure: EngineError | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (ended || failure) return;
      if (event.data === '[DONE]') {
        ended = true;
        return;
      }
      let body: WireBody;
      try {
        body = JSON.parse(event.data) as WireBody;
      } catch {
        failure = badResponse(`The stream from ${exchange.url} carried an event that is not JSON`);
        return;
      }
      if (body.error !== undefined) {
        failure = bodyError(body.error, exchange.url);
        return;
      }
      model ??= body.model;
      usage = usageOf(body) ?? usage;
      if (Array.isArray(body.choices))
        (body.choices as WireChoice[]).forEach((c, i) => parts.add(c, i));
    },
  });
  const decoder = new TextDecoder();
  let told = 0;
  await exchange.read((chunk) => {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    if (onDeltas && parts.deltas > told) {
      onDeltas(parts.deltas - told);
      told = parts.deltas;
    }
  });
  parser.feed(decoder.decode());
  if (failure) throw failure;
  // Without [DONE], a stream is whole only if every choice said how it finished.
  if (!ended && parts.deltas === 0)
    throw badResponse(`The stream from ${exchange.url} ended without any answer`);
  return finished(parts, { model, usage }, exchange.url, true);
}
