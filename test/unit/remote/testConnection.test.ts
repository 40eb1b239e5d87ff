import { describe, expect, it } from 'vitest';
import { testConnection } from '../../../src/engine/remote/testConnection';
import { serve } from './poolHarness';

const node = { browser: false };

describe('testConnection', () => {
  it('lists the models and confirms the configured one', async () => {
    const s = await serve({ model: 'qwen2-math-7b' });
    const check = await testConnection({
      baseUrl: s.url,
      model: 'qwen2-math-7b',
      environment: node,
    });
    expect(check).toMatchObject({
      ok: true,
      baseUrl: `${s.url}/v1`,
      models: ['qwen2-math-7b'],
      summary: 'Connected: 1 model',
    });
    expect(check.problem).toBeUndefined();
  });

  it('names an unknown model and lists what is served', async () => {
    const s = await serve({ model: 'qwen2-math-7b' });
    const check = await testConnection({ baseUrl: s.url, model: 'llama', environment: node });
    expect(check).toMatchObject({ ok: false, problem: 'unknown_model', models: ['qwen2-math-7b'] });
    expect(check.detail).toBe("The server does not serve 'llama'. It lists: qwen2-math-7b.");
  });

  it('explains 401 with the masked key, and a missing key', async () => {
    const key = 'sk-live-0123456789abcd';
    const s = await serve({
      fault: () => ({ kind: 'status', status: 401, body: `{"error":"bad key ${key}"}` }),
    });
    const check = await testConnection({ baseUrl: s.url, apiKey: key, environment: node });
    expect(check).toMatchObject({ ok: false, problem: 'unauthorized', status: 401 });
    expect(check.detail).toContain('••••abcd');
    expect(JSON.stringify(check)).not.toContain(key);
    expect(s.requests[0]!.authorization).toBe(`Bearer ${key}`);
    const withoutKey = await testConnection({ baseUrl: s.url, environment: node });
    expect(withoutKey.detail).toMatch(/requires an API key/);
  });

  it('recognises a web page or 404 as not an OpenAI-compatible server', async () => {
    const html = await serve({
      modelsResponse: {
        status: 200,
        body: '<!doctype html><title>UI</title>',
        contentType: 'text/html',
      },
    });
    const check = await testConnection({ baseUrl: html.url, environment: node });
    expect(check).toMatchObject({ ok: false, problem: 'not_openai_compatible' });
    expect(check.detail).toMatch(/not an OpenAI-compatible server: UI instead of a model list/);
    const missing = await serve({ modelsResponse: { status: 404, body: 'Not Found' } });
    expect((await testConnection({ baseUrl: missing.url, environment: node })).problem).toBe(
      'not_openai_compatible',
    );
  });

  it('says unreachable in Node, where CORS does not exist', async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    const check = await testConnection({ baseUrl: url, environment: node });
    expect(check).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(check.detail).toMatch(/Connection refused by 127\.0\.0\.1:\d+: nothing listens there/);
    expect(check.detail).not.toMatch(/CORS/);
  });

  it('in a browser tells CORS from a dead server with a no-cors probe', async () => {
    const corsBlocked: typeof fetch = (_input, init) =>
      init?.mode === 'no-cors'
        ? Promise.resolve(new Response(null, { status: 200 }))
        : Promise.reject(new TypeError('Failed to fetch'));
    const cors = await testConnection({
      baseUrl: 'http://gpu-box:8000',
      fetch: corsBlocked,
      environment: { browser: true, pageProtocol: 'http:' },
    });
    expect(cors).toMatchObject({ ok: false, problem: 'cors' });
    expect(cors.detail).toMatch(/--allowed-origins/);
    expect(cors.detail).toMatch(/reverse proxy/);

    const dead: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const down = await testConnection({
      baseUrl: 'http://gpu-box:8000',
      fetch: dead,
      environment: { browser: true, pageProtocol: 'http:' },
    });
    expect(down.problem).toBe('unreachable_or_cors');
    expect(down.detail).toMatch(/Nothing answered.*--allowed-origins/s);
  });

  it('flags mixed content and invalid URLs before any request', async () => {
    const noFetch: typeof fetch = () => Promise.reject(new Error('must not be called'));
    const mixed = await testConnection({
      baseUrl: 'http://gpu-box:8000',
      fetch: noFetch,
      environment: { browser: true, pageProtocol: 'https:' },
    });
    expect(mixed.problem).toBe('mixed_content');
    const invalid = await testConnection({ baseUrl: 'gpu-box:8000', environment: node });
    expect(invalid.problem).toBe('invalid_url');
  });

  it('reports a timeout when the server accepts but never answers', async () => {
    const s = await serve({ fault: () => ({ kind: 'hang' }) });
    const check = await testConnection({ baseUrl: s.url, timeoutMs: 100, environment: node });
    expect(check.problem).toBe('timeout');
  });
});
