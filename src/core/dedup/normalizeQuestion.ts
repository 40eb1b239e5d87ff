/**
 * Canonical form of a question for exact-duplicate detection: Unicode NFKC, lower case,
 * whitespace folded, outer punctuation trimmed.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, '');
}

/** FNV-1a 64-bit hash as 16 hex characters: a compact, stable key for an index. */
export function hash64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** Key under which exact duplicates collide. */
export function exactDuplicateKey(text: string): string {
  return hash64(normalizeQuestion(text));
}
