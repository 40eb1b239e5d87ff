/**
 * Studio requests ↔ WebLLM OpenAI-style params. Requests are built field by field: WebLLM rejects
 * `suffix`, `user` and `best_of` when merely present, so nothing is ever spread into a request.
 */
import type {
  ChatCompletion,
  ChatCompletionRequestNonStreaming,
  Completion,
  CompletionCreateParamsNonStreaming,
  CompletionUsage,
} from '@mlc-ai/web-llm';
import type {
  ChatRequest,
  CompletionRequest,
  FinishReason,
  GenerationChoice,
  GenerationResult,
  GenerationUsage,
  SamplingOptions,
} from '../../core/ports/llmEngine';

/** Options only the local engine honours; optional on every request sent to the worker. */
export interface WebLlmExtras {
  /** 1–5 alternatives per generated token; WebLLM returns nothing useful for logprobs alone. */
  topLogprobs?: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface WebLlmChoice extends GenerationChoice {
  logprobs?: TokenLogprob[];
}

export interface WebLlmResult extends GenerationResult {
  choices: WebLlmChoice[];
}

export type WebLlmCompletionRequest = CompletionRequest & WebLlmExtras;
export type WebLlmChatRequest = ChatRequest & WebLlmExtras;

interface SamplingParams {
  n?: number;
  temperature: number;
  top_p: number;
  max_tokens: number;
  stop?: string[];
  seed?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  stream: false;
  model?: string;
}

function samplingParams(o: SamplingOptions & WebLlmExtras, model?: string): SamplingParams {
  const p: SamplingParams = {
    temperature: o.temperature,
    top_p: o.topP,
    max_tokens: o.maxTokens,
    // Streaming with n > 1 throws in WebLLM; the studio never streams.
    stream: false,
  };
  if (o.n !== undefined && o.n !== 1) p.n = o.n;
  if (o.stop && o.stop.length > 0) p.stop = [...o.stop];
  if (o.seed !== undefined) p.seed = Math.trunc(o.seed);
  if (o.topLogprobs !== undefined && o.topLogprobs > 0) {
    p.logprobs = true;
    p.top_logprobs = Math.min(5, Math.trunc(o.topLogprobs));
  }
  if (model !== undefined) p.model = model;
  return p;
}

export function toCompletionParams(
  r: WebLlmCompletionRequest,
  model?: string,
): CompletionCreateParamsNonStreaming {
  return { prompt: r.prompt, ...samplingParams(r, model) };
}

export function toChatParams(
  r: WebLlmChatRequest,
  model?: string,
): ChatCompletionRequestNonStreaming {
  return {
    messages: r.messages.map((m) => ({ role: m.role, content: m.content })),
    ...samplingParams(r, model),
  };
}

export function mapFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'stop' || reason === 'length' || reason === 'abort') return reason;
  return 'other';
}

export function mapUsage(
  usage: CompletionUsage | undefined,
  clientLatencyS: number,
): GenerationUsage {
  const out: GenerationUsage = {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    latencyS: clientLatencyS,
  };
  const extra = usage?.extra;
  if (extra) {
    if (Number.isFinite(extra.time_to_first_token_s))
      out.timeToFirstTokenS = extra.time_to_first_token_s;
    if (Number.isFinite(extra.prefill_tokens_per_s))
      out.prefillTokensPerS = extra.prefill_tokens_per_s;
    if (Number.isFinite(extra.decode_tokens_per_s))
      out.decodeTokensPerS = extra.decode_tokens_per_s;
  }
  return out;
}

type Logprobs = ChatCompletion.Choice['logprobs'];

function mapLogprobs(logprobs: Logprobs | undefined): TokenLogprob[] | undefined {
  const content = logprobs?.content;
  if (!content) return undefined;
  return content.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    top: t.top_logprobs.map((a) => ({ token: a.token, logprob: a.logprob })),
  }));
}

function choice(text: string, reason: string | null, logprobs: Logprobs | undefined): WebLlmChoice {
  const c: WebLlmChoice = { text, finishReason: mapFinishReason(reason) };
  const lp = mapLogprobs(logprobs);
  if (lp) c.logprobs = lp;
  return c;
}

export function fromCompletion(res: Completion, clientLatencyS: number): WebLlmResult {
  return {
    model: res.model,
    choices: res.choices.map((c) => choice(c.text, c.finish_reason, c.logprobs)),
    usage: mapUsage(res.usage, clientLatencyS),
  };
}

export function fromChatCompletion(res: ChatCompletion, clientLatencyS: number): WebLlmResult {
  return {
    model: res.model,
    choices: res.choices.map((c) => choice(c.message.content ?? '', c.finish_reason, c.logprobs)),
    usage: mapUsage(res.usage, clientLatencyS),
  };
}
