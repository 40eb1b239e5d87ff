import { describe, expect, it } from 'vitest';
import { validateCustomModel } from '../../../src/engine/webllm/customModel';
import type { FetchLike } from '../../../src/engine/webllm/customModel';
import { resolveModelBaseUrl } from '../../../src/engine/webllm/modelUrl';
import { toEngineErrorData } from '../../../src/engine/webllm/webLlmErrors';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';

const LIB = 'https://example.org/libs/Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm';

function fakeFetch(
  routes: Record<string, { status: number; body: string } | 'network'>,
): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn = (url: string) => {
    calls.push(url);
    const r = routes[url];
    if (r === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    const { status, body } = r ?? { status: 404, body: 'Not found' };
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      text: () => Promise.resolve(body),
    });
  };
  return Object.assign(fn, { calls });
}

const goodConfig = JSON.stringify({
  vocab_size: 151936,
  context_window_size: 4096,
  tokenizer_files: ['tokenizer.json'],
  conv_template: {
    name: 'qwen2',
    system_template: '<|im_start|>system\n{system_message}<|im_end|>\n',
    system_message: 'You are a helpful assistant.',
    roles: { user: '<|im_start|>user', assistant: '<|im_start|>assistant' },
    seps: ['<|im_end|>\n'],
    role_content_sep: '\n',
    role_empty_sep: '\n',
    stop_str: ['<|endoftext|>', '<|im_end|>'],
    stop_token_ids: [151643, 151645],
  },
});

describe('resolveModelBaseUrl (WebLLM cleanModelUrl rule)', () => {
  it('appends resolve/main/ unless a /resolve/<rev>/ is already there', () => {
    expect(resolveModelBaseUrl('https://hf.co/u/m')).toBe('https://hf.co/u/m/resolve/main/');
    expect(resolveModelBaseUrl('https://hf.co/u/m/resolve/v2/')).toBe(
      'https://hf.co/u/m/resolve/v2/',
    );
    expect(resolveModelBaseUrl('http://localhost:8000/models/qgen')).toBe(
      'http://localhost:8000/models/qgen/resolve/main/',
    );
  });
});

describe('validateCustomModel', () => {
  it('rejects relative URLs and non-wasm libraries', async () => {
    const f = fakeFetch({});
    expect(await validateCustomModel({ modelUrl: '/models/x', modelLibUrl: LIB }, f)).toMatchObject(
      { ok: false, field: 'modelUrl' },
    );
    expect(
      await validateCustomModel({ modelUrl: 'https://a.b/x', modelLibUrl: 'lib.wasm' }, f),
    ).toMatchObject({ ok: false, field: 'modelLibUrl' });
    expect(f.calls).toEqual([]);
  });

  it('fetches the config where WebLLM will, and returns a record plus the profile', async () => {
    const f = fakeFetch({
      'https://hf.co/me/QGen-q4f32_1-MLC/resolve/main/mlc-chat-config.json': {
        status: 200,
        body: goodConfig,
      },
    });
    const res = await validateCustomModel(
      { modelUrl: 'https://hf.co/me/QGen-q4f32_1-MLC', modelLibUrl: LIB },
      f,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.model.record).toEqual({
      model: 'https://hf.co/me/QGen-q4f32_1-MLC',
      model_id: 'QGen-q4f32_1-MLC',
      model_lib: LIB,
    });
    expect(res.model.family).toBe('qwen2');
    expect(res.model.profile.prefix).toBe(preQueryProfiles.qwen2.prefix);
    expect(res.model.contextWindowSize).toBe(4096);
  });

  it('explains 404, CORS/network and wrong formats', async () => {
    const base = 'https://a.b/m/resolve/main/mlc-chat-config.json';
    const input = { modelUrl: 'https://a.b/m', modelLibUrl: LIB };
    const notFound = await validateCustomModel(input, fakeFetch({}));
    expect(notFound).toMatchObject({ ok: false, field: 'config' });
    expect(!notFound.ok && notFound.message).toMatch(/404/);
    const cors = await validateCustomModel(input, fakeFetch({ [base]: 'network' }));
    expect(!cors.ok && cors.message).toMatch(/CORS/);
    const html = await validateCustomModel(
      input,
      fakeFetch({ [base]: { status: 200, body: '<html>' } }),
    );
    expect(!html.ok && html.message).toMatch(/not JSON/);
    const partial = await validateCustomModel(
      input,
      fakeFetch({ [base]: { status: 200, body: '{"vocab_size":1}' } }),
    );
    expect(!partial.ok && partial.message).toMatch(/conv_template, tokenizer_files/);
  });
});

describe('toEngineErrorData', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  it.each([
    [
      named('ContextWindowSizeExceededError', 'Prompt tokens exceed context window size'),
      'context_window_exceeded',
      false,
    ],
    [
      'ContextWindowSizeExceededError: Prompt tokens exceed context window size: 5000',
      'context_window_exceeded',
      false,
    ],
    [
      named('ModelNotLoadedError', 'Model not loaded before trying to complete completion'),
      'model_not_loaded',
      false,
    ],
    [
      'WorkerEngineModelNotLoadedError: WebWorkerMLCEngine is not loaded with a model.',
      'model_not_loaded',
      false,
    ],
    [
      named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'),
      'shader_f16_missing',
      false,
    ],
    [
      named(
        'FeatureSupportError',
        'This model requires feature shader-f16, which is not yet supported',
      ),
      'shader_f16_missing',
      false,
    ],
    [named('QuotaExceededError', 'The quota has been exceeded.'), 'quota', false],
    [new TypeError('Failed to fetch'), 'network', true],
    [
      named(
        'DeviceLostError',
        'The WebGPU device was lost while loading the model. ... out of memory (OOM)',
      ),
      'device_lost',
      true,
    ],
    [new Error('Buffer allocation failed: out of memory'), 'out_of_memory', false],
    [
      named('WebGPUNotAvailableError', 'WebGPU is not supported in your current environment'),
      'webgpu_unavailable',
      false,
    ],
    [named('AbortError', 'The operation was aborted.'), 'aborted', false],
    [named('UnsupportedFieldsError', 'The following fields ... suffix'), 'bad_request', false],
    [new SyntaxError('Unexpected end of JSON input'), 'bad_response', false],
    [42, 'unknown', false],
  ])('%s → %s', (error, code, retryable) => {
    expect(toEngineErrorData(error)).toMatchObject({ code, retryable });
  });

  it('prefixes context and adds a hint', () => {
    const d = toEngineErrorData(
      Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' }),
      'Qwen2.5-7B',
    );
    expect(d.message).toMatch(/^Qwen2\.5-7B: quota exceeded/);
    expect(d.message).toMatch(/delete a cached model/);
  });
});
