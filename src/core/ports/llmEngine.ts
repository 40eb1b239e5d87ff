/**
 * The one interface every text-generation backend implements: the local WebGPU engine
 * (WebLLM in a worker) and OpenAI-compatible HTTP servers (vLLM, SGLang, llama.cpp, Ollama).
 * The pipeline core depends on this file only, so it must stay free of imports.
 */

export type FinishReason = 'stop' | 'length' | 'abort' | 'other';

export interface SamplingOptions {
  maxTokens: number;
  /** 0 means greedy. */
  temperature: number;
  topP: number;
  stop?: string[];
  /** Integer seed; recorded with the result so a run can be reproduced on the same model. */
  seed?: number;
  /** Number of choices; backends that cannot honour it run separate requests. */
  n?: number;
  /** Ask for this many most likely alternatives per generated token, where the backend can. */
  topLogprobs?: number;
  /**
   * Where requests wait for a slot (a remote pool's queue), lower goes first. A run gives the
   * requests of each attempt that attempt's index, so the oldest attempt finishes first. Not
   * sent to servers, and not part of what a request asks.
   */
  priority?: number;
}

/** A raw text completion: the prompt is sent exactly as written (pre-query templates need this). */
export interface CompletionRequest extends SamplingOptions {
  prompt: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest extends SamplingOptions {
  messages: ChatMessage[];
}

export interface TokenLogprob {
  token: string;
  logprob: number;
}

export interface GenerationChoice {
  text: string;
  finishReason: FinishReason;
  /** Per generated token, when `topLogprobs` was asked for and the backend supports it. */
  logprobs?: (TokenLogprob & { top: TokenLogprob[] })[];
}

export interface GenerationUsage {
  promptTokens: number;
  completionTokens: number;
  /** Wall time of the whole request as the client saw it. */
  latencyS: number;
  timeToFirstTokenS?: number;
  prefillTokensPerS?: number;
  decodeTokensPerS?: number;
}

export interface GenerationResult {
  /** The model that actually answered, as the backend names it. */
  model: string;
  choices: GenerationChoice[];
  usage: GenerationUsage;
}

export interface EngineInfo {
  /** 'remote' for OpenAI-compatible servers, 'webllm' for local WebGPU. */
  kind: 'remote' | 'webllm';
  /** Human-readable name, e.g. the endpoint URL or the local model id. */
  label: string;
  model: string;
}

export interface LlmEngine {
  readonly info: EngineInfo;
  /** Raw completion; never wraps the prompt in a chat template. */
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult>;
  /** Chat completion; the backend applies the model's chat template. */
  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult>;
}
