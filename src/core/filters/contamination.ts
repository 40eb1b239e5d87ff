import { hashString53 } from '../dedup/hash32';

export interface ContaminationOptions {
  /** n-gram length in words (the paper checked 13-grams). */
  n: number;
}

export interface ContaminationResult {
  contaminated: boolean;
  /** Reference set of the first matching n-gram. */
  source?: string;
  matchedNgram?: string;
  /** Share of the question's n-grams found in any reference set (0–1). */
  overlap: number;
}

/**
 * Lower-case word and number tokens; LaTeX commands count as words, other symbols are dropped
 * so spacing and punctuation differences in math do not hide an overlap.
 */
export function contaminationTokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\\?[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * n-gram overlap index over benchmark test sets. Texts shorter than n tokens are matched as a
 * whole token sequence, so short problems ("Compute $\dbinom{31}{28}$.") are still caught.
 */
export class ContaminationIndex {
  readonly n: number;
  private readonly grams = new Map<number, number>();
  readonly #sources: string[] = [];

  constructor(options: Partial<ContaminationOptions> = {}) {
    this.n = options.n ?? 13;
    if (!Number.isInteger(this.n) || this.n < 1) throw new Error('n must be a positive integer');
  }

  static fromSets(
    sets: Iterable<{ source: string; texts: Iterable<string> }>,
    options: Partial<ContaminationOptions> = {},
  ): ContaminationIndex {
    const index = new ContaminationIndex(options);
    for (const set of sets) for (const text of set.texts) index.add(set.source, text);
    return index;
  }

  /** Names of the reference sets indexed, in the order they were added. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  /** Number of distinct n-grams indexed. */
  get size(): number {
    return this.grams.size;
  }

  add(source: string, text: string): void {
    let sourceNo = this.#sources.indexOf(source);
    if (sourceNo < 0) sourceNo = this.#sources.push(source) - 1;
    for (const gram of this.ngrams(contaminationTokens(text))) {
      const key = hashString53(gram);
      if (!this.grams.has(key)) this.grams.set(key, sourceNo);
    }
  }

  check(text: string): ContaminationResult {
    const grams = this.ngrams(contaminationTokens(text));
    let matches = 0;
    let first: { gram: string; source: string } | undefined;
    for (const gram of grams) {
      const sourceNo = this.grams.get(hashString53(gram));
      if (sourceNo === undefined) continue;
      matches++;
      first ??= { gram, source: this.#sources[sourceNo]! };
    }
    const overlap = grams.length > 0 ? matches / grams.length : 0;
    if (!first) return { contaminated: false, overlap };
    return { contaminated: true, source: first.source, matchedNgram: first.gram, overlap };
  }

  private ngrams(tokens: string[]): string[] {
    if (tokens.length === 0) return [];
    if (tokens.length < this.n) return [tokens.join(' ')];
    const grams: string[] = [];
    for (let i = 0; i + this.n <= tokens.length; i++) {
      grams.push(tokens.slice(i, i + this.n).join(' '));
    }
    return grams;
  }
}
