import { describe, expect, it } from 'vitest';
import { maskSecret, redactError, redactSecret } from '../../../src/engine/remote/secrets';
import { EngineError } from '../../../src/core/ports/engineError';

describe('secrets', () => {
  it('masks all but the last four characters', () => {
    expect(maskSecret('sk-live-0123456789abcd')).toBe('••••abcd');
    expect(maskSecret('short')).toBe('••••');
  });

  it('scrubs every occurrence from text and errors', () => {
    const key = 'sk-live-0123456789abcd';
    expect(redactSecret(`bad key ${key}; ${key}`, key)).toBe('bad key ••••abcd; ••••abcd');
    const error = new EngineError({
      code: 'unauthorized',
      message: `refused ${key}`,
      retryable: false,
      status: 401,
    });
    expect(redactError(error, key).toData()).toEqual({
      code: 'unauthorized',
      message: 'refused ••••abcd',
      retryable: false,
      status: 401,
    });
    expect(redactError(error, undefined)).toBe(error);
  });
});
