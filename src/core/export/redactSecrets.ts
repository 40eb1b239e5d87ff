export const REDACTED = '[redacted]';

/**
 * Key names whose values are credentials. Compared lower-cased with separators removed, so
 * `apiKey`, `api_key`, `X-API-Key` all match. `token` matches only as a suffix (accessToken,
 * auth_token) so token counts (`maxTokens`, `promptTokens`) survive.
 */
const SECRET_KEY_PARTS = [
  'apikey',
  'authorization',
  'password',
  'passwd',
  'secret',
  'credential',
  'cookie',
  'privatekey',
  'accesskey',
];

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    SECRET_KEY_PARTS.some((part) => k.includes(part)) ||
    k.endsWith('token') ||
    k === 'auth' ||
    k === 'bearer'
  );
}

/** Credentials that hide inside ordinary strings: bearer headers, key-shaped words, URLs. */
const STRING_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bhf_[A-Za-z0-9]{16,}/g, REDACTED],
  // user:password@ in URLs
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
  // ?api_key=…&token=… in URLs
  [
    /([?&](?:api[_-]?key|key|access[_-]?token|token|auth|password|secret)=)[^&#\s]+/gi,
    `$1${REDACTED}`,
  ],
];

export function redactString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy with every credential replaced, for anything that leaves the studio (dataset card,
 * run config JSON). Secret-named keys lose their value at any depth; strings are scrubbed of
 * bearer tokens, key-shaped words and URL credentials.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  let out: unknown = value;
  if (Array.isArray(value)) {
    out = value.map((item) => redactValue(item, seen));
  } else if (value instanceof Map) {
    out = new Map(
      [...value].map(([k, v]) => [
        k,
        typeof k === 'string' && isSecretKey(k) ? REDACTED : redactValue(v, seen),
      ]),
    );
  } else if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      copy[k] = isSecretKey(k) ? REDACTED : redactValue(v, seen);
    }
    out = copy;
  }
  seen.delete(value);
  return out;
}
