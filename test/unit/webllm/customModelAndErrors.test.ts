import { describe, expect, it } from 'vitest';
import { validateCustomModel } from '../../../src/engine/webllm/customModel';
import type { FetchLike } from '../../../src/engine/webllm/customModel';
import { resolveModelBaseUrl } from '../../../src/engine/webllm/modelUrl';
import { toEngineErrorData } from '../../../src/engine/webllm/webLlmErrors';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';
import { QWEN2_MLC_TEMPLATE } from '../../fixtures/mlcConvTemplates';

const LIB = 'https://example.org/libs/Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm';

type Route = { status: number; body: string | Uint8Array } | 'network' | 'cors';

const WASM = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function fakeFetch(routes: Record<string, Route>): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn: FetchLike = (url, init) => {
    calls.push(init?.mode === 'no-cors' ? `no-cors ${url}` : url);
    const r = url === LIB && !(url in routes) ? { status: 200, body: WASM } : routes[url];
    if (r === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (r === 'cors') {
      if (init?.mode !== 'no-cors') return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve({
        ok: false,
        status: 0,
        type: 'opaque',
        text: () => Promise.resolve(''),
      });
    }
    const { status, body } = r ?? { status: 404, body: 'Not found' };
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      text: () => Promise.resolve(new TextDecoder().decode(bytes)),
      arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
    });
  };
  return Object.assign(fn, { calls });
}

const goodConfig = JSON.stringify({
  vocab_size: 151936,
  context_window_size: 4096,
  tokenizer_files: ['tokenizer.json'],
  conv_template: QWEN2_MLC_TEMPLATE,
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
    const cors = await validateCustomModel(input, fakeFetch({ [base]: 'cors' }));
    expect(!cors.ok && cors.message).toMatch(/CORS/);
    expect(!cors.ok && cors.message).toContain(base);
    const down = await validateCustomModel(input, fakeFetch({ [base]: 'network' }));
    expect(!down.ok && down.message).toBe(
      `Could not reach a.b for mlc-chat-config.json at ${base}. The server is down, the address is wrong, or this computer is offline.`,
    );
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

describe('the model library URL is checked when a custom model is added', () => {
  const config = 'https://hf.co/me/QGen-q4f32_1-MLC/resolve/main/mlc-chat-config.json';
  const input = (modelLibUrl: string) => ({
    modelUrl: 'https://hf.co/me/QGen-q4f32_1-MLC',
    modelLibUrl,
  });
  const routes = (lib: string, route: Route): Record<string, Route> => ({
    [config]: { status: 200, body: goodConfig },
    [lib]: route,
  });

  it('names the URL and the 404', async () => {
    const lib = 'https://example.org/libs/badlib-webgpu.wasm';
    const res = await validateCustomModel(
      input(lib),
      fakeFetch(routes(lib, { status: 404, body: '' })),
    );
    expect(res).toEqual({
      ok: false,
      field: 'modelLibUrl',
      message: `The model library is not at ${lib} (404 Not Found). Check the URL.`,
    });
  });

  it('tells a CORS block from an unreachable server', async () => {
    const lib = 'https://libs.example.org/x-webgpu.wasm';
    const cors = await validateCustomModel(input(lib), fakeFetch(routes(lib, 'cors')));
    expect(cors).toMatchObject({ ok: false, field: 'modelLibUrl' });
    expect(!cors.ok && cors.message).toBe(
      `libs.example.org answered, but does not let this page read the model library at ${lib} (CORS). Serve it with the header Access-Control-Allow-Origin for this site.`,
    );
    const down = await validateCustomModel(input(lib), fakeFetch(routes(lib, 'network')));
    expect(!down.ok && down.message).toMatch(
      /^Could not reach libs\.example\.org for the model library/,
    );
  });

  it('refuses a file that is not WebAssembly (magic bytes)', async () => {
    const lib = 'https://example.org/libs/page-webgpu.wasm';
    const res = await validateCustomModel(
      input(lib),
      fakeFetch(routes(lib, { status: 200, body: '<!DOCTYPE html><html>Not here</html>' })),
    );
    expect(res).toMatchObject({ ok: false, field: 'modelLibUrl' });
    expect(!res.ok && res.message).toBe(
      `The model library at ${lib} is not WebAssembly: the server sent an HTML page instead of a compiled .wasm file. Point to the model's -webgpu.wasm library.`,
    );
  });

  it('accepts a real .wasm and reads only its first bytes from a stream', async () => {
    let read = 0;
    let cancelled = false;
    const lib = 'https://example.org/libs/ok-webgpu.wasm';
    const streaming: FetchLike = (url) => {
      if (url === config)
        return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(goodConfig) });
      const chunks = [WASM, new Uint8Array(1_000_000), new Uint8Array(1_000_000)];
      return Promise.resolve({
        ok: true,
        status: 200,
        text: () => Promise.reject(new Error('the whole body was read')),
        body: {
          getReader: () => ({
            read: () => {
              const value = chunks[read++];
              return Promise.resolve(value ? { done: false, value } : { done: true });
            },
            cancel: () => Promise.resolve(void (cancelled = true)),
          }),
        },
      });
    };
    expect(await validateCustomModel(input(lib), streaming)).toMatchObject({ ok: true });
    expect(read).toBe(1);
    expect(cancelled).toBe(true);
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
    // What a request on the GPU gets when the device goes away mid-generation.
    [
      new DOMException(
        "Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost.",
        'AbortError',
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
