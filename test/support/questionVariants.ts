import { mulberry32 } from '../../src/core/dedup/hash32';

/** Seeded random helpers for reproducible synthetic data. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next() / 0x1_0000_0000;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.float() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

export type VariantEdit = 'numbers' | 'swap' | 'reorder' | 'drop';
export const VARIANT_EDITS: readonly VariantEdit[] = ['numbers', 'swap', 'reorder', 'drop'];

/** Replaces each number with probability `p` by another random number. */
export function changeNumbers(text: string, rng: Rng, p = 0.5): string {
  return text.replace(/\d+/g, (m) => (rng.float() < p ? String(rng.int(10 ** m.length) + 1) : m));
}

/** Swaps `count` pairs of neighbouring words. */
export function swapWords(text: string, rng: Rng, count = 1): string {
  const words = text.split(' ');
  for (let c = 0; c < count && words.length > 2; c++) {
    const i = rng.int(words.length - 1);
    [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  }
  return words.join(' ');
}

/** Moves one sentence (clause ending in . or ?) to another position. */
export function reorderClauses(text: string, rng: Rng): string {
  const parts = text.match(/[^.?!]+[.?!]*\s*/g) ?? [text];
  if (parts.length < 2) return text;
  const [moved] = parts.splice(rng.int(parts.length), 1);
  parts.splice(rng.int(parts.length + 1), 0, moved!);
  return parts.map((p) => p.trim()).join(' ');
}

/** Drops each word with probability `p`. */
export function dropWords(text: string, rng: Rng, p = 0.1): string {
  const kept = text.split(' ').filter(() => rng.float() >= p);
  return kept.length > 0 ? kept.join(' ') : text;
}

/** One variant of `text` with 1–3 random edits of random strength. */
export function makeVariant(text: string, rng: Rng): string {
  let out = text;
  const edits = 1 + rng.int(3);
  for (let e = 0; e < edits; e++) {
    const edit = rng.pick(VARIANT_EDITS);
    if (edit === 'numbers') out = changeNumbers(out, rng, rng.float());
    else if (edit === 'swap') out = swapWords(out, rng, 1 + rng.int(3));
    else if (edit === 'reorder') out = reorderClauses(out, rng);
    else out = dropWords(out, rng, rng.float() * 0.25);
  }
  return out;
}
