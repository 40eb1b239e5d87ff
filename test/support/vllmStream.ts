/**
 * Server-sent events the way vLLM's OpenAI server streams them: one `data: {json}\n\n` event per
 * delta of one choice (`index` tells the n choices apart), chat streams open each choice with a
 * `{role: "assistant", content: ""}` delta, the finishing delta carries `finish_reason`, a last
 * event with `choices: []` carries `usage` when `stream_options.include_usage` asked for it, and
 * `data: [DONE]` ends the stream. Errors after the headers travel as a `data: {"error": …}` event.
 */
import type { ServerResponse } from 'node:http';

export interface StreamShape {
  chat: boolean;
  id: string;
  model: string;
  includeUsage: boolean;
}

export type FinishReason = 'stop' | 'length';

export class VllmEventStream {
  readonly #res: ServerResponse;
  readonly #shape: StreamShape;
  readonly #created = Math.floor(Date.now() / 1000);
  #opened = new Set<number>();

  constructor(res: ServerResponse, shape: StreamShape) {
    this.#res = res;
    this.#shape = shape;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
  }

  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  /** A text delta of choice `index`; `finish` marks its last one. */
  delta(index: number, text: string, finish?: FinishReason): void {
    if (this.closed) return;
    const { chat } = this.#shape;
    let events = '';
    if (chat && !this.#opened.has(index)) {
      this.#opened.add(index);
      events += this.#event([
        { index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      ]);
    }
    const finishReason = finish ?? null;
    const choice = chat
      ? { index, delta: { content: text }, logprobs: null, finish_reason: finishReason }
      : {
          index,
          text,
          logprobs: null,
          finish_reason: finishReason,
          stop_reason: null,
        };
    events += this.#event([choice]);
    this.#res.write(events);
  }

  /** The usage event (when asked for) and `[DONE]`. */
  end(usage: { prompt_tokens: number; completion_tokens: number }): void {
    if (this.closed) return;
    let tail = '';
    if (this.#shape.includeUsage)
      tail += this.#event([], {
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    this.#res.end(`${tail}data: [DONE]\n\n`);
  }

  /** A failure after the headers went out, as vLLM reports one mid-stream. */
  error(message: string, code = 500): void {
    if (this.closed) return;
    const error = { error: { message, type: 'InternalServerError', param: null, code } };
    this.#res.end(`data: ${JSON.stringify(error)}\n\ndata: [DONE]\n\n`);
  }

  #event(choices: unknown[], extra: Record<string, unknown> = {}): string {
    const { chat, id, model } = this.#shape;
    const chunk = {
      id,
      object: chat ? 'chat.completion.chunk' : 'text_completion',
      created: this.#created,
      model,
      choices,
      ...extra,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}

/** Splits a text into word tokens (each keeps its leading whitespace) so deltas rejoin exactly. */
export function wordTokens(text: string): string[] {
  const pieces: string[] = [...(text.match(/\s*\S+/g) ?? [])];
  const rest = text.slice(pieces.join('').length);
  if (rest) {
    if (pieces.length) pieces[pieces.length - 1] += rest;
    else pieces.push(rest);
  }
  return pieces;
}
