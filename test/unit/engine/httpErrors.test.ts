import { describe, expect, it } from 'vitest';
import {
  htmlTitle,
  httpError,
  networkError,
  parseRetryAfter,
} from '../../../src/engine/http/httpErrors';
import { apiBaseUrl } from '../../../src/engine/openai/endpointUrl';
import { retryDelayMs } from '../../../src/engine/remote/retryPolicy';
import { EngineError } from '../../../src/core/ports/engineError';

const plain = { retryAfter: null, contentType: null };

describe('apiBaseUrl', () => {
  it.each([
    ['http://h:8000', 'http://h:8000/v1'],
    ['http://h:8000/', 'http://h:8000/v1'],
    ['http://h:8000/v1', 'http://h:8000/v1'],
    ['https://proxy.example/llm/v1/', 'https://proxy.example/llm/v1'],
  ])('%s → %s', (input, expected) => {
    expect(apiBaseUrl(input)).toBe(expected);
  });
  it('rejects what is not an http URL', () => {
    expect(() => apiBaseUrl('gpu-box:8000')).toThrow(/http/);
    expect(() => apiBaseUrl('not a url')).toThrow(/not a valid URL/);
  });
});

describe('httpError', () => {
  it('maps 429 with Retry-After to a retryable rate limit', () => {
    const e = httpError(
      429,
      '{"error":{"message":"slow down"}}',
      { retryAfter: '7', contentType: 'application/json' },
      'u',
    );
    expect(e.toData()).toEqual({
      code: 'rate_limited',
      retryable: true,
      retryAfterS: 7,
      status: 429,
      message: 'Rate limited (429): slow down',
    });
  });
  it('maps 5xx, 408 and 409 to retryable server errors', () => {
    for (const status of [500, 502, 503, 408, 409])
      expect(httpError(status, '', plain, 'u').retryable).toBe(true);
  });
  it('maps a context-length 400 to context_window_exceeded', () => {
    expect(
      httpError(400, "This model's maximum context length is 4096 tokens", plain, 'u').code,
    ).toBe('context_window_exceeded');
  });
  it('summarises an HTML page by its title, never quoting markup', () => {
    const page =
      '<html><head><title>\n  Jupyter   Server </title></head><body><h1>x</h1></body></html>';
    const e = httpError(200, page, { retryAfter: null, contentType: 'text/html' }, 'http://h/v1');
    expect(e.message).toBe(
      'Request rejected (200): not an OpenAI-compatible server: Jupyter Server',
    );
    expect(htmlTitle('<p>no title</p>')).toBe('a web page without a title');
    expect(htmlTitle('{"data": []}')).toBeUndefined();
  });
  it('says why a connection failed in terminal words, and both causes in a browser', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
    });
    expect(networkError('http://gpu:8000/v1/models', refused, false).message).toBe(
      'Connection refused by gpu:8000: nothing listens there. Is the server running on that port?',
    );
    expect(networkError('http://gpu-box/v1', dns, false).message).toMatch(
      /The host name 'gpu-box' does not resolve \(DNS ENOTFOUND\)/,
    );
    expect(networkError('http://gpu:8000/v1', refused, true).message).toMatch(/CORS/);
  });
  it('names an unknown model in the words of where it ran', () => {
    const body = JSON.stringify({ error: { message: "The model 'typo' does not exist." } });
    expect(httpError(404, body, plain, 'http://h/v1/chat/completions', false).message).toBe(
      "The server does not serve that model: The model 'typo' does not exist. Check the model name in the run file (the preflight lists what the server serves).",
    );
    expect(httpError(404, body, plain, 'http://h/v1/chat/completions', true).message).toBe(
      'The server does not serve that model: The model \'typo\' does not exist. Pick one listed by "Test connection".',
    );
  });
  it('says why when fetch() itself refuses, not just "fetch failed"', async () => {
    // Port 9 is on fetch's blocked-port list: Node fails before connecting.
    const blocked = await fetch('http://127.0.0.1:9/v1/models').catch((e: unknown) => e);
    expect(networkError('http://127.0.0.1:9/v1/models', blocked, false).message).toBe(
      'Could not reach http://127.0.0.1:9/v1/models: port 9 is one fetch() refuses to use (a port browsers block); serve on another port, e.g. 8000.',
    );
    const wrapped = new TypeError('fetch failed', { cause: new Error('unknown scheme') });
    expect(networkError('http://gpu:8000/v1', wrapped, false).message).toBe(
      'Could not reach http://gpu:8000/v1: unknown scheme.',
    );
  });
  it('parses an HTTP-date Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('EngineError', () => {
  it('round-trips through plain data (as across a worker boundary)', () => {
    const original = new EngineError({ code: 'device_lost', message: 'GPU lost', retryable: true });
    const rebuilt = EngineError.fromData(structuredClone(original.toData()));
    expect(rebuilt).toBeInstanceOf(EngineError);
    expect(rebuilt.toData()).toEqual(original.toData());
    expect(EngineError.isEngineErrorData(original.toData())).toBe(true);
    expect(EngineError.isEngineErrorData({ code: 'x' })).toBe(false);
  });
});

describe('EngineError.from', () => {
  it('keeps engine errors, rebuilds plain data, and names one abort error', () => {
    const own = new EngineError({ code: 'server', message: 'x', retryable: true });
    expect(EngineError.from(own)).toBe(own);
    expect(EngineError.from(own.toData()).toData()).toEqual(own.toData());
    const abort = new DOMException('The operation was aborted', 'AbortError');
    expect(EngineError.from(abort).toData()).toEqual(EngineError.aborted().toData());
    const other = EngineError.from(new RangeError('bad'));
    expect(other.toData()).toEqual({ code: 'unknown', message: 'bad', retryable: false });
    expect(other.cause).toBeInstanceOf(RangeError);
  });
});

describe('retryDelayMs', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially with jitter and stays bounded', () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(400);
    expect(retryDelayMs(policy, 10, () => 1)).toBe(1000);
  });
});
