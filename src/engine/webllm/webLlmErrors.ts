/**
 * Maps whatever WebLLM (or the browser underneath it) throws to `EngineErrorData`, the plain
 * object that crosses the worker boundary. WebLLM's own worker client flattens errors to strings
 * like "ContextWindowSizeExceededError: ...", so both error names and message text are matched.
 */
import { EngineError } from '../../core/ports/engineError';
import type { EngineErrorCode, EngineErrorData } from '../../core/ports/engineError';

interface Rule {
  code: EngineErrorCode;
  retryable: boolean;
  /** Matched against "<name>: <message>". */
  test: RegExp;
  hint?: string;
}

// Order matters: the first matching rule wins (e.g. ShaderF16SupportError before the generic
// feature error, device-lost before out-of-memory because WebLLM's DeviceLostError mentions OOM,
// and before aborted because a lost device fails GPU reads with an AbortError).
const RULES: Rule[] = [
  {
    // Before "aborted": a request on the GPU when the device goes away fails with
    // "AbortError: Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost."
    code: 'device_lost',
    retryable: true,
    test: /DeviceLostError|device (was |is |has been )?lost|GPUDeviceLostInfo/i,
  },
  { code: 'aborted', retryable: false, test: /^AbortError\b|\baborted\b/i },
  {
    code: 'context_window_exceeded',
    retryable: false,
    test: /ContextWindowSizeExceededError|exceed context window/i,
    hint: 'Shorten the prompt or lower max tokens.',
  },
  {
    code: 'model_not_loaded',
    retryable: false,
    test: /ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError|Model not loaded|not loaded with a model/i,
  },
  {
    code: 'shader_f16_missing',
    retryable: false,
    test: /ShaderF16SupportError|shader-f16/i,
    hint: 'This GPU/browser lacks shader-f16: choose the q4f32_1 build of the model.',
  },
  {
    code: 'webgpu_unavailable',
    retryable: false,
    test: /WebGPUNotAvailableError|WebGPUNotFoundError|FeatureSupportError|WebGPU is not supported|Cannot find WebGPU|navigator\.gpu|requestAdapter/i,
    hint: 'Use a browser with WebGPU enabled (recent Chrome/Edge) or connect a remote server.',
  },
  {
    code: 'quota',
    retryable: false,
    test: /QuotaExceededError|quota/i,
    hint: 'Browser storage is full: delete a cached model or free disk space, then retry.',
  },
  {
    code: 'out_of_memory',
    retryable: false,
    test: /out of memory|\bOOM\b|does not fit|allocation failed|Failed to allocate|RangeError: Array buffer allocation/i,
    hint: 'The model does not fit in GPU memory: pick a smaller model or quantization.',
  },
  {
    code: 'model_not_found',
    retryable: false,
    test: /ModelNotFoundError|Cannot find model record|UnsupportedModelIdError/i,
  },
  {
    // A truncated file left in the cache by an interrupted download fails to parse.
    code: 'bad_response',
    retryable: false,
    test: /SyntaxError|JSON|Unexpected end of|CompileError/i,
    hint: 'The cached model files look broken: delete the model from the cache and download it again.',
  },
  {
    code: 'network',
    retryable: true,
    test: /NetworkError|Failed to fetch|fetch failed|Load failed|ERR_|network|Cannot fetch/i,
    hint: 'Check the connection (or the model URL) and retry.',
  },
  {
    code: 'bad_request',
    retryable: false,
    test: /UnsupportedFieldsError|StreamingCountError|SeedTypeError|ConfigValueError|RangeError|NonNegativeError|InvalidNumberStringError|DependencyError|MinValueError|Invalid URL/i,
  },
];

function describeUnknown(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; message?: unknown };
    if (typeof e.message === 'string') {
      return { name: typeof e.name === 'string' ? e.name : 'Error', message: e.message };
    }
  }
  return { name: '', message: String(error) };
}

/** Turns any thrown value into `EngineErrorData`. `context` (e.g. a model id) prefixes the message. */
export function toEngineErrorData(error: unknown, context?: string): EngineErrorData {
  if (error instanceof EngineError) return error.toData();
  if (EngineError.isEngineErrorData(error)) return error;
  const { name, message } = describeUnknown(error);
  const haystack = name ? `${name}: ${message}` : message;
  const rule = RULES.find((r) => r.test.test(haystack));
  const base = message || name || 'Unknown error';
  const parts = [sentence(context ? `${context}: ${base}` : base)];
  if (rule?.hint) parts.push(rule.hint);
  return {
    code: rule?.code ?? 'unknown',
    message: parts.join(' '),
    retryable: rule?.retryable ?? false,
  };
}

/** Ends with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** Message for a model that failed to load because of GPU memory. */
export function doesNotFitMessage(modelId: string, vramMB: number | undefined): string {
  const need =
    vramMB === undefined ? '' : ` It needs about ${(vramMB / 1024).toFixed(1)} GB of GPU memory.`;
  return `${modelId} does not fit on this GPU.${need} Pick a smaller model or quantization, or use a remote server.`;
}
