import type {
  ChatRequest,
  CompletionRequest,
  EngineInfo,
  GenerationResult,
  LlmEngine,
} from '../core/ports/llmEngine';
import { canonicalJson } from '../core/canonicalJson';
import type { RequestCache } from '../core/ports/requestCache';

/**
 * SHA-256 (hex) of everything that decides a result: scope (the run), call kind, model and the
 * whole request — prompt or messages, sampling, seed, n, stops, max tokens, log-probs.
 */
export async function requestKey(
  scope: string,
  kind: 'complete' | 'chat',
  model: string,
  request: CompletionRequest | ChatRequest,
): Promise<string> {
  // Where it queued is not what it asked.
  const { priority: _priority, ...asked } = request;
  const text = canonicalJson({ scope, kind, model, request: asked });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Only whole answers are worth replaying; an aborted choice would freeze a partial text. */
function isComplete(result: GenerationResult): boolean {
  return result.choices.length > 0 && result.choices.every((c) => c.finishReason !== 'abort');
}

/**
 * An engine that answers a request it has already answered (same scope, model and payload) from
 * the cache, so a resumed run re-sends only the requests that never got a complete answer.
 * Errors and aborted calls are never cached.
 */
export class CachingEngine implements LlmEngine {
  readonly #inner: LlmEngine;
  readonly #cache: RequestCache;
  readonly #scope: string;
  hits = 0;
  misses = 0;

  constructor(inner: LlmEngine, cache: RequestCache, scope: string) {
    this.#inner = inner;
    this.#cache = cache;
    this.#scope = scope;
  }

  get info(): EngineInfo {
    return this.#inner.info;
  }

  complete(request: CompletionRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#cached('complete', request, () => this.#inner.complete(request, signal));
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return this.#cached('chat', request, () => this.#inner.chat(request, signal));
  }

  async #cached(
    kind: 'complete' | 'chat',
    request: CompletionRequest | ChatRequest,
    send: () => Promise<GenerationResult>,
  ): Promise<GenerationResult> {
    const key = await requestKey(this.#scope, kind, this.#inner.info.model, request);
    const hit = await this.#cache.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const result = await send();
    if (isComplete(result)) await this.#cache.put(key, result);
    return result;
  }
}
