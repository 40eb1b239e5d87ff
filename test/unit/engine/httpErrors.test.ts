import { describe, expect, it } from 'vitest';
import { httpError, parseRetryAfter } from '../../../src/engine/openai/httpErrors';
import { apiBaseUrl } from '../../../src/engine/openai/endpointUrl';
import { retryDelayMs } from '../../../src/engine/openai/retryPolicy';
import { EngineError } from '../../../src/core/ports/engineError';

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
    const e = httpError(429, '{"error":{"message":"slow down"}}', '7', 'u');
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
      expect(httpError(status, '', null, 'u').retryable).toBe(true);
  });
  it('maps a context-length 400 to context_window_exceeded', () => {
    expect(
      httpError(400, "This model's maximum context length is 4096 tokens", null, 'u').code,
    ).toBe('context_window_exceeded');
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

describe('retryDelayMs', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  const error = new EngineError({ code: 'server', message: '', retryable: true });
  it('grows exponentially with jitter and stays bounded', () => {
    expect(retryDelayMs(policy, 1, error, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 3, error, () => 1)).toBe(400);
    expect(retryDelayMs(policy, 10, error, () => 1)).toBe(1000);
  });
  it('waits at least as long as Retry-After asks', () => {
    const limited = new EngineError({
      code: 'rate_limited',
      message: '',
      retryable: true,
      retryAfterS: 2,
    });
    expect(retryDelayMs(policy, 1, limited, () => 0)).toBe(2000);
  });
});
