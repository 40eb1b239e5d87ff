import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleEngine } from '../../../src/engine/openai/openAiCompatibleEngine';
import { EngineError } from '../../../src/core/ports/engineError';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../support/openAiTestServer';
import { preQueryProfiles } from '../../../src/core/prompts/preQueryProfiles';

const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
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

describe('OpenAiCompatibleEngine', () => {
  it('sends a raw completion with the prompt untouched and honours stops', async () => {
    const s = await serve();
    const engine = new OpenAiCompatibleEngine({
      baseUrl: s.url,
      model: 'scripted-math',
      retry: fastRetry,
    });
    const prefix = preQueryProfiles.qwen2.prefix;
    const result = await engine.complete({
      prompt: prefix,
      stop: preQueryProfiles.qwen2.stop,
      seed: 1,
      ...sampling,
    });
    expect(s.requests[0]!.path).toBe('/v1/completions');
    expect(s.requests[0]!.body).toMatchObject({
      prompt: prefix,
      seed: 1,
      top_p: 0.99,
      max_tokens: 256,
      n: 1,
    });
    expect(s.requests[0]!.body).not.toHaveProperty('messages');
    expect(result.choices).toEqual([
      {
        text: 'Tom has 3 red marbles and twice as many blue marbles. How many marbles does he have in total?',
        finishReason: 'stop',
      },
    ]);
    expect(result.usage.completionTokens).toBeGreaterThan(10);
    expect(result.model).toBe('scripted-math');
  });

  it('reports a question cut off by max_tokens as finish "length"', async () => {
    const s = await serve();
    const engine = new OpenAiCompatibleEngine({ baseUrl: `${s.url}/v1/`, model: 'scripted-math' });
    const result = await engine.complete({
      prompt: 'x',
      stop: ['<|im_end|>'],
      seed: 0,
      ...sampling,
      maxTokens: 3,
    });
    expect(result.choices[0]).toEqual({ text: 'A baker makes ', finishReason: 'length' });
  });

  it('asks for n chat choices in one request when the server honours n', async () => {
    const s = await serve();
    const engine = new OpenAiCompatibleEngine({ baseUrl: s.url, model: 'scripted-math' });
    const question = 'If $x + 5 = 12$, what is $3x$?';
    const result = await engine.chat({
      messages: [{ role: 'user', content: question }],
      n: 3,
      seed: 0,
      ...sampling,
    });
    expect(s.requests).toHaveLength(1);
    expect(result.choices.map((c) => c.text)).toHaveLength(3);
    expect(result.choices[0]!.text).toContain('\\boxed{21}');
  });

  it('falls back to separate, distinctly seeded requests when the server ignores n', async () => {
    const s = await serve({ honoursN: false });
    const engine = new OpenAiCompatibleEngine({ baseUrl: s.url, model: 'scripted-math' });
    const result = await engine.chat({
      messages: [{ role: 'user', content: 'Q' }],
      n: 3,
      seed: 5,
      ...sampling,
    });
    expect(result.choices).toHaveLength(3);
    const seeds = s.requests.map((r) => r.body?.seed);
    expect(seeds).toHaveLength(3);
    expect(new Set(seeds).size).toBe(3);
  });

  it('retries a 503 and succeeds', async () => {
    const s = await serve({
      fault: (_r, count) => (count < 2 ? { kind: 'status', status: 503 } : undefined),
    });
    const engine = new OpenAiCompatibleEngine({
      baseUrl: s.url,
      model: 'scripted-math',
      retry: fastRetry,
    });
    const result = await engine.complete({ prompt: 'p', seed: 0, ...sampling });
    expect(result.choices).toHaveLength(1);
    expect(s.requests).toHaveLength(3);
  });

  it('retries malformed JSON, then gives up with bad_response', async () => {
    const s = await serve({ fault: () => ({ kind: 'malformed' }) });
    const engine = new OpenAiCompatibleEngine({
      baseUrl: s.url,
      model: 'scripted-math',
      retry: fastRetry,
    });
    const error = await engine.complete({ prompt: 'p', ...sampling }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('bad_response');
    expect(s.requests).toHaveLength(3);
  });

  it('does not retry 401 and says to check the key', async () => {
    const s = await serve({
      fault: () => ({ kind: 'status', status: 401, body: '{"error":{"message":"bad key"}}' }),
    });
    const engine = new OpenAiCompatibleEngine({
      baseUrl: s.url,
      model: 'scripted-math',
      apiKey: 'k',
      retry: fastRetry,
    });
    const error = (await engine
      .complete({ prompt: 'p', ...sampling })
      .catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('unauthorized');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/API key/);
    expect(s.requests).toHaveLength(1);
  });

  it('names an unknown model', async () => {
    const s = await serve();
    const engine = new OpenAiCompatibleEngine({ baseUrl: s.url, model: 'nope', retry: fastRetry });
    const error = (await engine
      .complete({ prompt: 'p', ...sampling })
      .catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('model_not_found');
  });

  it('explains an unreachable server, mentioning CORS', async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    server = undefined;
    const engine = new OpenAiCompatibleEngine({
      baseUrl: url,
      model: 'm',
      retry: { ...fastRetry, attempts: 1 },
    });
    const error = (await engine.listModels().catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/Could not reach/);
    expect(error.message).toMatch(/allowed-origins/);
  });

  it('times out a hanging request and can be cancelled', async () => {
    const s = await serve({ fault: () => ({ kind: 'hang' }) });
    const slow = new OpenAiCompatibleEngine({
      baseUrl: s.url,
      model: 'm',
      timeoutMs: 50,
      retry: { ...fastRetry, attempts: 1 },
    });
    const timedOut = (await slow
      .complete({ prompt: 'p', ...sampling })
      .catch((e: unknown) => e)) as EngineError;
    expect(timedOut.code).toBe('timeout');
    const controller = new AbortController();
    const pending = slow
      .complete({ prompt: 'p', ...sampling }, controller.signal)
      .catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as EngineError).code).toBe('aborted');
  });

  it('lists models', async () => {
    const s = await serve({ model: 'qwen2-math-7b' });
    const engine = new OpenAiCompatibleEngine({ baseUrl: s.url, model: '' });
    expect(await engine.listModels()).toEqual(['qwen2-math-7b']);
  });
});
