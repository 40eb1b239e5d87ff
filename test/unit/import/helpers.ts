import { importJsonl } from '../../../src/core/import/importJsonl';
import type { ImportKind, ImportOptions, ImportResult } from '../../../src/core/import/importTypes';
import { concatBytes } from '../../support/byteChunks';

export const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

export function bytes(...parts: (string | number[])[]): Uint8Array {
  return concatBytes(parts.map((p) => (typeof p === 'string' ? enc(p) : new Uint8Array(p))));
}

/** Feeds the bytes in small chunks so every case also exercises chunk boundaries. */
export async function* chunked(data: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) {
    await Promise.resolve();
    yield data.slice(i, i + size);
  }
}

export function importText<K extends ImportKind>(
  input: string | Uint8Array,
  options: ImportOptions<K>,
): Promise<ImportResult<K>> {
  return importJsonl(chunked(typeof input === 'string' ? enc(input) : input), options);
}
