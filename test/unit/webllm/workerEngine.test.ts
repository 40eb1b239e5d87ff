import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/core/ports/engineError';
import { makeHarness, sampling, settle, SMALL_MODEL } from '../../support/webLlmHarness';
import type { DeviceRecovery } from '../../../src/engine/webllm/webLlmEngine';

describe('worker API + WebLlmEngine against a scripted WebLLM', () => {
  it('maps sampling options field by field, never sending suffix/user/best_of', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    const request = {
      prompt: 'Q: ',
      ...sampling,
      stop: ['\n'],
      seed: 7,
      n: 2,
      topLogprobs: 3,
      user: 'x',
    };
    const res = await engine.complete(request);
    expect(mlc.requests[0]).toEqual({
      prompt: 'Q: ',
      temperature: 0,
      top_p: 1,
      max_tokens: 20,
      stream: false,
      n: 2,
      stop: ['\n'],
      seed: 7,
      logprobs: true,
      top_logprobs: 3,
    });
    expect(res.choices).toHaveLength(2);
    expect(res.choices[0]).toEqual({ text: 'ok', finishReason: 'stop' });
    expect(res.usage).toMatchObject({
      completionTokens: 16,
      timeToFirstTokenS: 0.05,
      prefillTokensPerS: 400,
      decodeTokensPerS: 32,
    });
    expect(res.model).toBe(SMALL_MODEL);
  });

  it('maps finish reasons and chat messages', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    mlc.replies.push({ text: 'long', finish: 'length' });
    const res = await engine.chat({ messages: [{ role: 'user', content: 'hi' }], ...sampling });
    expect(res.choices[0]?.finishReason).toBe('length');
    expect(mlc.requests[0]).toMatchObject({
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
    });
  });

  it('runs one request at a time, in submission order', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    mlc.holdRequests = true;
    const order: string[] = [];
    const jobs = ['a', 'b', 'c'].map((p) =>
      engine.complete({ prompt: p, ...sampling }).then(() => order.push(p)),
    );
    await settle();
    expect(mlc.heldCount).toBe(1);
    for (let i = 0; i < 3; i++) {
      mlc.release();
      await settle();
    }
    await Promise.all(jobs);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(mlc.requests.map((r) => ('prompt' in r ? r.prompt : ''))).toEqual(['a', 'b', 'c']);
  });

  it('cancels the running request with interruptGenerate and a queued one by removal', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    mlc.holdRequests = true;
    const running = new AbortController();
    const queued = new AbortController();
    const first = engine.complete({ prompt: 'run', ...sampling }, running.signal);
    const second = engine.complete({ prompt: 'queued', ...sampling }, queued.signal);
    const third = engine.complete({ prompt: 'third', ...sampling });
    await settle();
    queued.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    running.abort();
    await expect(first).rejects.toMatchObject({ code: 'aborted' });
    expect(mlc.log).toContain('interrupt');
    await settle();
    mlc.release();
    await expect(third).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    expect(mlc.requests.map((r) => ('prompt' in r ? r.prompt : ''))).toEqual(['run', 'third']);
  });

  it('rebuilds typed errors from the worker', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    const e = new Error(
      'Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096',
    );
    e.name = 'ContextWindowSizeExceededError';
    mlc.replies.push(e);
    const err = await engine.complete({ prompt: 'x', ...sampling }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 'context_window_exceeded', retryable: false });
  });

  it('retries retryable errors a bounded number of times', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    mlc.replies.push(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'));
    await expect(engine.complete({ prompt: 'x', ...sampling })).resolves.toMatchObject({
      choices: [{ text: 'ok' }],
    });
    mlc.replies.push(...Array.from({ length: 3 }, () => new TypeError('Failed to fetch')));
    await expect(engine.complete({ prompt: 'y', ...sampling })).rejects.toMatchObject({
      code: 'network',
    });
  });

  it('recovers from a lost device: reloads and the queued work continues', async () => {
    const { mlc, engine } = makeHarness();
    await engine.load();
    mlc.holdRequests = true;
    const a = engine.complete({ prompt: 'a', ...sampling });
    const b = engine.complete({ prompt: 'b', ...sampling });
    await settle();
    mlc.release();
    await a;
    mlc.loseDevice();
    mlc.holdRequests = false;
    mlc.release();
    await expect(b).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    await expect(engine.complete({ prompt: 'c', ...sampling })).resolves.toBeDefined();
    expect(engine.recoveries).toBe(1);
    expect(mlc.log.filter((l) => l.startsWith('reload:'))).toEqual([
      `reload:${SMALL_MODEL}`,
      `reload:${SMALL_MODEL}`,
    ]);
  });

  it('recovers from a device lost while a request is on the GPU: the same request runs again', async () => {
    const recoveries: DeviceRecovery[] = [];
    const { mlc, engine } = makeHarness({}, SMALL_MODEL, {
      onRecovery: (r) => recoveries.push(r),
    });
    await engine.load();
    mlc.holdRequests = true;
    const a = engine.complete({ prompt: 'a', ...sampling });
    const b = engine.complete({ prompt: 'b', ...sampling });
    await settle();
    mlc.holdRequests = false;
    mlc.loseDeviceDuringRequest();
    await expect(a).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    await expect(b).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    expect(engine.recoveries).toBe(1);
    expect(recoveries).toEqual([
      expect.objectContaining({ modelId: SMALL_MODEL, recovered: true }),
    ]);
    expect(recoveries[0]?.cause).toContain('Device is lost');
    // a went to the GPU twice (lost, then again after the reload); b once, after a.
    const prompts = mlc.requests.map((r) => (r as { prompt: string }).prompt);
    expect(prompts).toEqual(['a', 'a', 'b']);
    expect(mlc.log.filter((l) => l.startsWith('reload:'))).toHaveLength(2);
  });

  it('does not reload a model that was never loaded', async () => {
    const { engine } = makeHarness();
    await expect(engine.complete({ prompt: 'x', ...sampling })).rejects.toMatchObject({
      code: 'model_not_loaded',
    });
  });

  it('reports a model that does not fit with its VRAM need', async () => {
    const { mlc, engine } = makeHarness({}, 'Qwen2-Math-7B-Instruct-q4f32_1-MLC');
    const lost = new Error('The WebGPU device was lost while loading the model.');
    lost.name = 'DeviceLostError';
    mlc.loadErrors.push(lost);
    const err = await engine.load().catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'out_of_memory' });
    expect((err as Error).message).toContain('Qwen2-Math-7B-Instruct-q4f32_1-MLC');
    expect((err as Error).message).toContain('5.8 GB');
  });

  it('cancels a download through unload() and reports aborted', async () => {
    const { mlc, engine } = makeHarness();
    mlc.holdLoad = true;
    const ctrl = new AbortController();
    const loading = engine.load(undefined, ctrl.signal);
    await settle();
    ctrl.abort();
    await expect(loading).rejects.toMatchObject({ code: 'aborted' });
    expect(mlc.log).toContain('unload');
    expect(engine.loaded).toBe(false);
  });

  it('reports a broken partial download as a bad response (the page offers delete + retry)', async () => {
    const { mlc, api } = makeHarness();
    mlc.loadErrors.push(new SyntaxError('Unexpected end of JSON input'));
    const res = await api.load(SMALL_MODEL);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    expect(Object.keys(res)).toEqual(['ok', 'error']);
  });

  it('lists cached models and deletes every file, index files included', async () => {
    const { api, engine, caches } = makeHarness();
    await engine.load();
    const info = await api.cacheStatus([SMALL_MODEL, 'SmolLM2-135M-Instruct-q0f32-MLC']);
    expect(info[0]).toMatchObject({ modelId: SMALL_MODEL, cached: true });
    expect(info[0]?.bytes).toBeGreaterThan(60_000_000);
    expect(info[1]).toEqual({ modelId: 'SmolLM2-135M-Instruct-q0f32-MLC', cached: false });
    expect(await api.deleteCached(SMALL_MODEL)).toMatchObject({ ok: true });
    expect(await api.cacheStatus([SMALL_MODEL])).toEqual([{ modelId: SMALL_MODEL, cached: false }]);
    expect(caches.urls('webllm/model')).toEqual([]);
    expect(caches.urls('webllm/config')).toEqual([]);
    expect(caches.urls('webllm/wasm')).toEqual([]);
  });

  it('emits phase-aware progress while loading', async () => {
    const { engine } = makeHarness({
      loadReports: [
        { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
        {
          progress: 0.5,
          timeElapsed: 2,
          text: 'Fetching param cache[10/20]: 150MB fetched. 50% completed, 2 secs elapsed.',
        },
        {
          progress: 0.1,
          timeElapsed: 1,
          text: 'Loading GPU shader modules[3/30]: 10% completed, 1 secs elapsed.',
        },
        { progress: 1, timeElapsed: 9, text: 'Finish loading on WebGPU - swiftshader' },
      ],
    });
    const seen: { phase: string; percent: number; bytes?: number }[] = [];
    await engine.load((p) =>
      seen.push({ phase: p.phase, percent: p.percent, ...(p.bytes ? { bytes: p.bytes } : {}) }),
    );
    expect(seen).toEqual([
      { phase: 'fetch', percent: 0 },
      { phase: 'fetch', percent: 50, bytes: 150 * 1024 * 1024 },
      { phase: 'shader', percent: 10 },
      { phase: 'done', percent: 100 },
    ]);
  });
});
