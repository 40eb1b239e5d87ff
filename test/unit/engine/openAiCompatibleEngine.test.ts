import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  OpenAiCompatibleEngine,
  type RemoteEndpointConfig,
} from '../../../src/engine/openai/openAiCompatibleEngine';
import type { EngineError } from '../../../src/core/ports/engineError';
import { undiciTransport } from '../../../src/cli/run/undiciTransport';
import { fetchTransport, type HttpTransport } from '../../../src/engine/http/transport';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../support/openAiTestServer';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';

/** The machine is shared and loaded: a second is not enough for a server to see a request. */
const eventually = { timeout: 15_000, interval: 20 };

let server: TestServer | undefined;

async function serve(options: TestServerOptions = {}) {
  server = await startTestServer(options);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sampling = { maxTokens: 256, temperature: 1, topP: 0.99 };
const undici = undiciTransport({ totalMs: 60_000 });
afterAll(() => undici.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as EngineError,
  );

// The page sends through fetch, the CLI through undici: both must behave the same.
describe.each<[string, HttpTransport]>([
  ['fetch', fetchTransport()],
  ['undici', undici.transport],
])('OpenAiCompatibleEngine over %s', (_name, transport) => {
  const engineFor = (config: Omit<RemoteEndpointConfig, 'transport'>) =>
    new OpenAiCompatibleEngine({ ...config, transport });

  it('streams a raw completion with the prompt untouched, stops honoured, usage from the last event', async () => {
    const s = await serve();
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    const prefix = preQueryProfiles.qwen2.prefix;
    const request = { prompt: prefix, stop: preQueryProfiles.qwen2.stop, seed: 1, ...sampling };
    const sent = await engine.send('complete', request);
    expect(s.requests[0]!.path).toBe('/v1/completions');
    expect(s.requests[0]!.body).toMatchObject({
      prompt: prefix,
      seed: 1,
      top_p: 0.99,
      max_tokens: 256,
      n: 1,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(s.requests[0]!.body).not.toHaveProperty('messages');
    expect(sent.streamed).toBe(true);
    expect(sent.result.choices).toEqual([
      {
        text: 'Tom has 3 red marbles and twice as many blue marbles. How many marbles does he have in total?',
        finishReason: 'stop',
      },
    ]);
    expect(sent.result.usage.completionTokens).toBe(19);
    expect(sent.result.usage.timeToFirstTokenS).toBeGreaterThanOrEqual(0);
    expect(sent.result.model).toBe('scripted-math');
    // A server that ignores `stream` gives the same answer as one body.
    const plain = await serve({ streaming: false });
    const unstreamed = await engineFor({ baseUrl: plain.url, model: 'scripted-math' }).send(
      'complete',
      request,
    );
    expect(unstreamed.streamed).toBe(false);
    expect(unstreamed.result.choices).toEqual(sent.result.choices);
    expect(unstreamed.result.usage.completionTokens).toBe(19);
    await plain.close();
  });

  it('reports a question cut off by max_tokens as finish "length"', async () => {
    const s = await serve();
    const engine = engineFor({ baseUrl: `${s.url}/v1/`, model: 'scripted-math' });
    const result = await engine.complete({
      prompt: 'x',
      stop: ['<|im_end|>'],
      seed: 0,
      ...sampling,
      maxTokens: 3,
    });
    expect(result.choices[0]).toEqual({ text: 'A baker makes', finishReason: 'length' });
  });

  it('streams n chat choices in one request, told apart by index', async () => {
    const s = await serve({ batching: { stepBaseMs: 1, perSeqMs: 0, streamInterval: 2 } });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    const question = 'If $x + 5 = 12$, what is $3x$?';
    const result = await engine.chat({
      messages: [{ role: 'user', content: question }],
      n: 3,
      seed: 0,
      ...sampling,
    });
    expect(s.requests).toHaveLength(1);
    expect(result.choices).toHaveLength(3);
    expect(result.choices.every((c) => c.text.includes('\\boxed{21}'))).toBe(true);
    expect(new Set(result.choices.map((c) => c.text)).size).toBeGreaterThan(1);
  });

  it('on its own, makes up choices a server ignoring n did not send, each seeded apart', async () => {
    const s = await serve({ honoursN: false });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    const result = await engine.chat({
      messages: [{ role: 'user', content: 'Q' }],
      n: 3,
      seed: 5,
      ...sampling,
    });
    expect(result.choices).toHaveLength(3);
    expect(s.requests.map((r) => r.body?.seed)).toEqual([5, 5 + 7919, 5 + 2 * 7919]);
  });

  it('goes on without a stream when the server refuses streaming options', async () => {
    const s = await serve({
      fault: (r) =>
        r.body?.stream
          ? {
              kind: 'status',
              status: 400,
              body: '{"error":{"message":"stream_options not supported"}}',
            }
          : undefined,
    });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    const sent = await engine.send('complete', { prompt: 'p', seed: 0, ...sampling });
    expect(sent.streamed).toBe(false);
    expect(engine.streamRefused).toBe(true);
    await engine.send('complete', { prompt: 'p', seed: 1, ...sampling });
    expect(s.requests.map((r) => r.body?.stream ?? false)).toEqual([true, false, false]);
  });

  it('sends one request per call (the pool retries) and names a refused key', async () => {
    const s = await serve({
      fault: () => ({ kind: 'status', status: 401, body: '{"error":{"message":"bad key"}}' }),
    });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math', apiKey: 'k' });
    const error = await caught(engine.complete({ prompt: 'p', ...sampling }));
    expect(error?.code).toBe('unauthorized');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/API key/);
    expect(s.requests).toHaveLength(1);
  });

  it('names an unknown model', async () => {
    const s = await serve();
    const error = await caught(
      engineFor({ baseUrl: s.url, model: 'nope' }).complete({ prompt: 'p', ...sampling }),
    );
    expect(error?.code).toBe('model_not_found');
  });

  it('summarises a web page answer instead of quoting its HTML', async () => {
    const page =
      '<!doctype html><html><head><title>Welcome to nginx!</title></head><body>…</body></html>';
    const s = await serve({
      fault: () => ({ kind: 'status', status: 404, body: page, contentType: 'text/html' }),
    });
    const error = await caught(
      engineFor({ baseUrl: s.url, model: 'm' }).complete({ prompt: 'p', ...sampling }),
    );
    expect(error?.code).toBe('not_found');
    expect(error?.message).toContain('not an OpenAI-compatible server: Welcome to nginx!');
    expect(error?.message).not.toContain('<');
  });

  it('explains an unreachable server in a terminal without talking about CORS', async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    server = undefined;
    const error = await caught(
      engineFor({ baseUrl: url, model: 'm' }).complete({ prompt: 'p', ...sampling }),
    );
    expect(error?.code).toBe('network');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/Connection refused by 127\.0\.0\.1:\d+/);
    expect(error?.message).not.toMatch(/CORS|allowed-origins/);
  });

  it('reports an error vLLM sends in the middle of a stream', async () => {
    const s = await serve({ reply: () => 'one two three' });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    // A stall fault would be silent; here the stream ends early instead, without finishing.
    const cut = await serve({
      fault: () => ({
        kind: 'status',
        status: 200,
        contentType: 'text/event-stream',
        body:
          'data: {"choices":[{"index":0,"text":"one","finish_reason":null}]}\n\n' +
          'data: {"error":{"message":"CUDA out of memory","code":500}}\n\ndata: [DONE]\n\n',
      }),
    });
    const error = await caught(
      engineFor({ baseUrl: cut.url, model: 'scripted-math' }).complete({
        prompt: 'p',
        ...sampling,
      }),
    );
    expect(error?.code).toBe('server');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toContain('CUDA out of memory');
    expect((await engine.complete({ prompt: 'p', ...sampling })).choices[0]!.text).toBe(
      'one two three',
    );
    await cut.close();
  });

  it('cuts a stream that goes silent after its idle deadline and closes the connection', async () => {
    const s = await serve({ fault: () => ({ kind: 'stall' }), reply: () => 'a b c d e f' });
    const engine = engineFor({ baseUrl: s.url, model: 'scripted-math' });
    const error = await caught(
      engine.send('complete', { prompt: 'p', ...sampling }, { idleMs: 80 }),
    );
    expect(error?.code).toBe('timeout');
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/sent nothing for 0\.1 s/);
    // The server sees the client go, so it can drop the request (vLLM aborts it).
    await vi.waitFor(() => expect(s.openRequests).toBe(0), eventually);
  });

  it('times out a request that never answers, and can be cancelled', async () => {
    const s = await serve({ fault: () => ({ kind: 'hang' }) });
    const slow = engineFor({ baseUrl: s.url, model: 'm', timeoutMs: 60 });
    const timedOut = await caught(slow.complete({ prompt: 'p', ...sampling }));
    expect(timedOut?.code).toBe('timeout');
    expect(timedOut?.message).toMatch(/total limit/);
    const patient = engineFor({ baseUrl: s.url, model: 'm' });
    const controller = new AbortController();
    const pending = caught(patient.complete({ prompt: 'p', ...sampling }, controller.signal));
    controller.abort();
    expect((await pending)?.code).toBe('aborted');
  });
});
