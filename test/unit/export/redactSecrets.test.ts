import { describe, expect, it } from 'vitest';
import {
  isSecretKey,
  REDACTED,
  redactSecrets,
  redactString,
} from '../../../src/core/export/redactSecrets';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { SECRET } from './cardFixture';

describe('redactSecrets', () => {
  it.each([
    'apiKey',
    'api_key',
    'API-KEY',
    'x-api-key',
    'authorization',
    'Authorization',
    'token',
    'accessToken',
    'auth_token',
    'password',
    'secret',
    'clientSecret',
    'credentials',
  ])('treats %s as a secret key', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['maxTokens', 'promptTokens', 'completionTokens', 'seed', 'model', 'url', 'tokenizer'])(
    'keeps %s',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );

  it('removes secret values at any depth, in arrays too, without touching the input', () => {
    const input = {
      model: 'm',
      maxTokens: 10,
      a: { b: [{ c: { api_key: SECRET, token: 'tok', keep: 1 } }] },
      endpoint: { password: 'p', secret: { nested: 'x' } },
    };
    const out = redactSecrets(input);
    expect(out).toEqual({
      model: 'm',
      maxTokens: 10,
      a: { b: [{ c: { api_key: REDACTED, token: REDACTED, keep: 1 } }] },
      endpoint: { password: REDACTED, secret: REDACTED },
    });
    expect(input.a.b[0]!.c.api_key).toBe(SECRET);
    expect(JSON.stringify(out)).not.toContain(SECRET);
  });

  it('scrubs credentials inside strings', () => {
    expect(redactString(`Bearer ${SECRET}`)).toBe(`Bearer ${REDACTED}`);
    expect(redactString(`key ${SECRET} used`)).toBe(`key ${REDACTED} used`);
    expect(redactString('https://bob:pa55@host.io/v1')).toBe(`https://${REDACTED}@host.io/v1`);
    expect(redactString('https://h/v1?model=x&api_key=abc123&y=1')).toBe(
      `https://h/v1?model=x&api_key=${REDACTED}&y=1`,
    );
    expect(redactString('hf_abcdefghijklmnopqrstuv')).toBe(REDACTED);
    expect(redactString('What is 2+2? \\boxed{4}')).toBe('What is 2+2? \\boxed{4}');
  });

  it('survives cycles and keeps a run config unchanged', () => {
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    expect(redactSecrets(loop)).toEqual({ name: 'x', self: '[circular]' });
    const config = defaultRunConfig({ seed: 7 });
    expect(redactSecrets(config)).toEqual(config);
  });
});
