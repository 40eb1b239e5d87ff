/**
 * A scripted stand-in for WebLLM's MLCEngine, shaped like `MlcEnginePort`. It enforces the rules
 * of the real engine that matter to the studio: unsupported keys are rejected when merely present,
 * stream + n > 1 throws, requests fail with ModelNotLoadedError until reload(), interruptGenerate()
 * ends only the running request with finish_reason "abort", unload() aborts a reload quietly, and
 * a device lost mid-request fails that request with WebGPU's AbortError and drops the model.
 */
import type {
  AppConfig,
  ModelRecord,
  ChatCompletion,
  ChatCompletionRequestNonStreaming,
  Completion,
  CompletionCreateParamsNonStreaming,
  InitProgressCallback,
  InitProgressReport,
} from '@mlc-ai/web-llm';
import type { MlcEnginePort } from '../../src/engine/webllm/mlcEnginePort';
import { resolveModelBaseUrl } from '../../src/engine/webllm/modelUrl';
import type { FakeCacheStorage } from './fakeCacheStorage';

export type Reply = { text: string; finish?: 'stop' | 'length'; completionTokens?: number } | Error;

export interface ScriptedOptions {
  /** Delay per generated token, for benchmarks. */
  perTokenDelayMs?: number;
  /** Progress reports emitted by reload() (one abortable download phase). */
  loadReports?: InitProgressReport[];
  /** Where "downloaded" files go, as WebLLM's Cache API stores would hold them. */
  caches?: FakeCacheStorage;
}

export type ScriptedPhase = 'fetch' | 'shader' | 'done';

interface LoadStep {
  phase: ScriptedPhase;
  reports: InitProgressReport[];
  /** unload() aborts it (WebLLM's reload controller reaches downloads, not shader compilation). */
  abortable: boolean;
}

/** What a WebLLM 0.2.86 reload reports: download, then shader compilation, then done. */
const DEFAULT_PLAN: LoadStep[] = [
  {
    phase: 'fetch',
    abortable: true,
    reports: [
      { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
      {
        progress: 0.5,
        timeElapsed: 1,
        text: 'Fetching param cache[1/2]: 10MB fetched. 50% completed, 1 secs elapsed.',
      },
      {
        progress: 1,
        timeElapsed: 2,
        text: 'Fetching param cache[2/2]: 20MB fetched. 100% completed, 2 secs elapsed.',
      },
    ],
  },
  {
    phase: 'shader',
    abortable: false,
    reports: [
      {
        progress: 0.5,
        timeElapsed: 3,
        text: 'Loading GPU shader modules[5/10]: 50% completed, 3 secs elapsed.',
      },
    ],
  },
  {
    phase: 'done',
    abortable: false,
    reports: [{ progress: 1, timeElapsed: 4, text: 'Finish loading on WebGPU - swiftshader' }],
  },
];

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

export class ScriptedMlcEngine implements MlcEnginePort {
  readonly requests: (CompletionCreateParamsNonStreaming | ChatCompletionRequestNonStreaming)[] =
    [];
  readonly log: string[] = [];
  loadedModel: string | undefined;
  appConfig: AppConfig | undefined;
  replies: Reply[] = [];
  /** Answers by content when set (kind is 'completion' or 'chat'); `replies` are used otherwise. */
  respond: ((request: object, kind: string) => Reply | undefined) | undefined;
  /** When set, a request waits for `release()` (or interruptGenerate) before answering. */
  holdRequests = false;
  /** When set, reload waits for `finishLoad()` or unload() (in the download phase). */
  holdLoad = false;
  /** When set, reload waits in this phase for `finishLoad()`; unload() aborts only a download. */
  holdPhase: ScriptedPhase | undefined;
  /** How an aborted download ends: quietly (0.2.86 swallows AbortError) or with unload's reason. */
  abortStyle: 'quiet' | 'reason' = 'quiet';
  /** Thrown by the next reload() calls, in order. */
  loadErrors: Error[] = [];
  #progress: InitProgressCallback | undefined;
  #pending: { release: (aborted: boolean) => void }[] = [];
  #loadWaiter: (() => void) | undefined;
  #waitAbortable = false;
  /** The reload phase reached last (for tests that hold a phase). */
  phase: ScriptedPhase | undefined;
  #loadAborted = false;
  #loseMidRequest = false;
  readonly #options: ScriptedOptions;

  constructor(options: ScriptedOptions = {}) {
    this.#options = options;
  }

  completions = {
    create: async (request: CompletionCreateParamsNonStreaming): Promise<Completion> => {
      const { text, finish, tokens } = await this.#answer(request, 'completion');
      return {
        id: 'cmpl-1',
        object: 'text_completion',
        created: 0,
        model: this.loadedModel ?? '',
        choices: Array.from({ length: request.n ?? 1 }, (_, index) => ({
          index,
          text,
          finish_reason: finish,
          logprobs: null,
        })),
        usage: usage(request.prompt.length, tokens),
      };
    },
  };

  chat = {
    completions: {
      create: async (request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion> => {
        const { text, finish, tokens } = await this.#answer(request, 'chat');
        return {
          id: 'chat-1',
          object: 'chat.completion',
          created: 0,
          model: this.loadedModel ?? '',
          // WebLLM runs chat choices one after another; the script repeats its reply for each.
          choices: Array.from({ length: request.n ?? 1 }, (_, index) => ({
            index,
            message: { role: 'assistant' as const, content: text },
            finish_reason: finish,
            logprobs: null,
          })),
          usage: usage(request.messages.length * 4, tokens),
        };
      },
    },
  };

  async reload(modelId: string): Promise<void> {
    this.log.push(`reload:${modelId}`);
    this.#loadAborted = false;
    const plan: LoadStep[] = this.#options.loadReports
      ? [{ phase: 'fetch', abortable: true, reports: this.#options.loadReports }]
      : DEFAULT_PLAN;
    const record = this.appConfig?.model_list.find((r) => r.model_id === modelId);
    for (const [i, step] of plan.entries()) {
      if (step.phase === 'fetch') this.#store(record, 'index');
      for (const r of step.reports) this.#progress?.(r);
      const error = i === 0 ? this.loadErrors.shift() : undefined;
      if (error) throw error;
      const hold = this.holdPhase === step.phase || (this.holdLoad && step.abortable);
      this.phase = step.phase;
      if (hold && !(step.abortable && this.#loadAborted)) {
        this.#waitAbortable = step.abortable;
        await new Promise<void>((resolve) => (this.#loadWaiter = resolve));
      }
      this.#loadWaiter = undefined;
      if (step.abortable && this.#loadAborted) {
        this.log.push(`reload-aborted:${step.phase}`);
        // fetch() rejects with the abort reason, which WebLLM passes as a plain string.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (this.abortStyle === 'reason') throw 'Engine.unload() is called.';
        return; // WebLLM 0.2.86 swallows the AbortError of a cancelled reload
      }
      if (step.phase === 'fetch') this.#store(record, 'weights');
    }
    this.log.push(`reload-done:${modelId}`);
    this.loadedModel = modelId;
  }

  /** Puts what WebLLM downloads into the fake Cache API: index files first, then the weights. */
  #store(record: ModelRecord | undefined, part: 'index' | 'weights'): void {
    const caches = this.#options.caches;
    if (!caches || !record) return;
    const base = resolveModelBaseUrl(record.model);
    if (part === 'index') {
      caches.put('webllm/config', `${base}mlc-chat-config.json`, 2_000);
      caches.put('webllm/wasm', record.model_lib, 4_000_000);
      caches.put('webllm/model', `${base}tokenizer.json`, 7_000_000);
      caches.put('webllm/model', `${base}tensor-cache.json`, 56_832);
    } else {
      caches.put('webllm/model', `${base}params_shard_0.bin`, 32_000_000);
      caches.put('webllm/model', `${base}params_shard_1.bin`, 32_000_000);
    }
  }

  /** WebLLM's hasModelInCache: tensor-cache.json and every shard it lists are cached. */
  static hasModel(caches: FakeCacheStorage, record: ModelRecord): boolean {
    const base = resolveModelBaseUrl(record.model);
    const urls = caches.urls('webllm/model');
    return ['tensor-cache.json', 'params_shard_0.bin', 'params_shard_1.bin'].every((f) =>
      urls.includes(`${base}${f}`),
    );
  }

  finishLoad(): void {
    this.#loadWaiter?.();
  }

  async unload(): Promise<void> {
    this.log.push('unload');
    this.loadedModel = undefined;
    this.#loadAborted = true;
    // Only a download in progress listens to the abort; shader compilation runs on.
    if (this.#waitAbortable) this.#loadWaiter?.();
    await Promise.resolve();
  }

  interruptGenerate(): void {
    this.log.push('interrupt');
    this.#pending.shift()?.release(true);
  }

  setInitProgressCallback(callback: InitProgressCallback): void {
    this.#progress = callback;
  }

  setAppConfig(appConfig: AppConfig): void {
    this.appConfig = appConfig;
  }

  /** Lets the oldest held request finish normally. */
  release(): void {
    this.#pending.shift()?.release(false);
  }

  get heldCount(): number {
    return this.#pending.length;
  }

  /** A lost device: WebLLM unloads every pipeline without telling anyone. */
  loseDevice(): void {
    this.log.push('device-lost');
    this.loadedModel = undefined;
  }

  /**
   * The device goes away while a request is on the GPU: that request fails the way WebGPU
   * fails a read on a lost device (an AbortError from mapAsync) and the model is gone. Hits the
   * oldest held request, or else the next one to start.
   */
  loseDeviceDuringRequest(): void {
    this.#loseMidRequest = true;
    this.#pending.shift()?.release(false);
  }

  async #answer(
    request: object,
    kind: string,
  ): Promise<{ text: string; finish: 'stop' | 'length' | 'abort'; tokens: number }> {
    this.requests.push(structuredClone(request) as CompletionCreateParamsNonStreaming);
    const bad = ['suffix', 'user', 'best_of'].filter((k) => k in request);
    if (bad.length)
      throw namedError(
        'UnsupportedFieldsError',
        `The following fields in CompletionCreateParams are not yet supported: \n${bad.join(', ')}`,
      );
    const r = request as { stream?: boolean; n?: number; max_tokens?: number };
    if (r.stream && (r.n ?? 1) > 1)
      throw namedError('StreamingCountError', 'When streaming, `n` cannot be > 1.');
    if (!this.loadedModel)
      throw namedError(
        'ModelNotLoadedError',
        `Model not loaded before trying to complete ${kind}.`,
      );
    this.log.push(`${kind}:start`);
    let aborted = false;
    if (this.holdRequests)
      aborted = await new Promise<boolean>((release) => this.#pending.push({ release }));
    if (this.#loseMidRequest) {
      this.#loseMidRequest = false;
      this.loseDevice();
      throw new DOMException(
        "Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost.",
        'AbortError',
      );
    }
    const reply = this.respond?.(request, kind) ?? this.replies.shift() ?? { text: 'ok' };
    if (reply instanceof Error) throw reply;
    const tokens = reply.completionTokens ?? Math.min(r.max_tokens ?? 16, 16);
    const delay = this.#options.perTokenDelayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay * tokens));
    this.log.push(`${kind}:end`);
    return { text: reply.text, finish: aborted ? 'abort' : (reply.finish ?? 'stop'), tokens };
  }
}

function usage(promptTokens: number, completionTokens: number): Completion['usage'] {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    extra: {
      e2e_latency_s: 0.5,
      prefill_tokens_per_s: 400,
      decode_tokens_per_s: 32,
      time_to_first_token_s: 0.05,
      time_per_output_token_s: 1 / 32,
    },
  };
}
