/**
 * API keys never leave this module in full: stats, errors and logs carry `••••abcd` at most.
 * Servers and proxies sometimes echo the key back in a 401 body, so messages are scrubbed too.
 */
import { EngineError } from '../../core/ports/engineError';

/** `••••` plus the last four characters (nothing of keys too short to hide anything). */
export function maskSecret(secret: string): string {
  return secret.length > 8 ? `••••${secret.slice(-4)}` : '••••';
}

/** Replaces every occurrence of `secret` in `text` by its mask. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join(maskSecret(secret));
}

/** The same error with the secret scrubbed from its message (identity kept when nothing leaks). */
export function redactError(error: EngineError, secret: string | undefined): EngineError {
  const message = redactSecret(error.message, secret);
  if (message === error.message) return error;
  return new EngineError({ ...error.toData(), message });
}
