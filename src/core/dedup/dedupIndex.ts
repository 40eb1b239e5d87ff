import { writeBandKeys } from './bandTable';
import type { DedupOptions } from './dedupOptions';
import { dedupParamsKey, resolveDedupOptions } from './dedupOptions';
import { MinHasher } from './minHasher';
import type { Shingled } from './shingles';
import { ShingleExtractor } from './shingles';
import { ShingleStore } from './shingleStore';

export type DedupKind = 'exact' | 'near' | 'template';

export type DedupResult =
  { kind: 'unique' } | { kind: DedupKind; duplicateOf: string; similarity: number };

/**
 * Everything the index keeps about one question, as plain data (numbers and typed arrays) so
 * it can be stored with the question and the index rebuilt without the text. Template fields
 * are present when the index masks numbers.
 */
export interface DedupEntry {
  id: string;
  /** 53-bit hash of the normalised token sequence. */
  exactKey: number;
  /** Sorted distinct shingle hashes. */
  shingles: Int32Array;
  templateKey?: number;
  templateShingles?: Int32Array;
}

/**
 * Exact + MinHash-LSH near-duplicate index over short questions, with an optional pass on
 * number-masked text for template clones. Pure and synchronous: runs in Node, a worker or the page.
 * `checkAndAdd` indexes only unique texts, so every duplicate points at a first occurrence.
 */
export class DedupIndex {
  readonly options: DedupOptions;
  private readonly ids: string[] = [];
  private readonly exactKeys: number[] = [];
  private readonly templateKeys: (number | undefined)[] = [];
  private readonly exact = new Map<number, number>();
  private readonly templateExact = new Map<number, number>();
  private readonly hasher: MinHasher;
  private readonly plain: ShingleExtractor;
  private readonly masked: ShingleExtractor;
  private readonly near: ShingleStore;
  private readonly templates: ShingleStore;
  private readonly signature: Int32Array;
  private readonly plainKeys: Uint32Array;
  private readonly maskedKeys: Uint32Array;

  constructor(options: Partial<DedupOptions> = {}) {
    this.options = resolveDedupOptions(options);
    const { shingleKind: kind, shingleSize: n, seed, banding } = this.options;
    this.hasher = new MinHasher(banding.bands * banding.rows, seed);
    this.plain = new ShingleExtractor({ kind, n, maskNumbers: false });
    this.masked = new ShingleExtractor({ kind, n, maskNumbers: true });
    this.near = new ShingleStore(banding.bands);
    this.templates = new ShingleStore(banding.bands);
    this.signature = new Int32Array(this.hasher.numPerm);
    this.plainKeys = new Uint32Array(banding.bands);
    this.maskedKeys = new Uint32Array(banding.bands);
  }

  /** Rebuilds an index from exported entries (made under the same `paramsKey`). */
  static fromEntries(
    entries: Iterable<DedupEntry>,
    options: Partial<DedupOptions> = {},
  ): DedupIndex {
    const index = new DedupIndex(options);
    for (const entry of entries) index.addEntry(entry);
    return index;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Identifies the shingle/bucket scheme; entries are portable only between equal keys. */
  get paramsKey(): string {
    return dedupParamsKey(this.options);
  }

  /** The plain-data entry for a text, without adding it. */
  entryFor(id: string, text: string): DedupEntry {
    const plain = this.plain.extract(text);
    const entry: DedupEntry = {
      id,
      exactKey: plain.exactKey,
      shingles: plain.hashes.slice(0, plain.count),
    };
    if (this.options.maskNumbers) {
      const masked = this.masked.extract(text);
      entry.templateKey = masked.exactKey;
      entry.templateShingles = masked.hashes.slice(0, masked.count);
    }
    return entry;
  }

  /** LSH bucket keys of a shingle set (e.g. to store next to an entry). */
  bucketKeys(shingles: Int32Array): Uint32Array {
    return this.bandKeysOf(shingles, shingles.length, new Uint32Array(this.options.banding.bands));
  }

  add(id: string, text: string): DedupEntry {
    const entry = this.entryFor(id, text);
    this.addEntry(entry);
    return entry;
  }

  addEntry(entry: DedupEntry): void {
    const entryNo = this.ids.length;
    this.ids.push(entry.id);
    this.exactKeys.push(entry.exactKey);
    this.templateKeys.push(entry.templateShingles ? entry.templateKey : undefined);
    const plain = {
      exactKey: entry.exactKey,
      hashes: entry.shingles,
      count: entry.shingles.length,
    };
    const plainKeys = this.bandKeysOf(plain.hashes, plain.count, this.plainKeys);
    this.index(this.exact, this.near, entryNo, plain, plainKeys);
    if (entry.templateShingles) {
      const hashes = entry.templateShingles;
      const masked = { exactKey: entry.templateKey ?? Number.NaN, hashes, count: hashes.length };
      const maskedKeys = this.bandKeysOf(hashes, hashes.length, this.maskedKeys);
      this.index(this.templateExact, this.templates, entryNo, masked, maskedKeys);
    }
  }

  check(text: string): DedupResult {
    return this.run(text, undefined);
  }

  /** Checks `text` and indexes it under `id` only when it is unique. */
  checkAndAdd(id: string, text: string): DedupResult {
    return this.run(text, id);
  }

  /** Exported entries in insertion order (arrays are copies). */
  *entries(): Generator<DedupEntry> {
    for (let i = 0; i < this.ids.length; i++) {
      const entry: DedupEntry = {
        id: this.ids[i]!,
        exactKey: this.exactKeys[i]!,
        shingles: this.near.shinglesOf(i),
      };
      if (this.templates.has(i)) {
        entry.templateKey = this.templateKeys[i];
        entry.templateShingles = this.templates.shinglesOf(i);
      }
      yield entry;
    }
  }

  private run(text: string, addAs: string | undefined): DedupResult {
    const plain = this.plain.extract(text);
    const plainKeys = this.bandKeysOf(plain.hashes, plain.count, this.plainKeys);
    const near = this.find(this.exact, this.near, plain, plainKeys, 'near');
    if (near) return near;
    let masked: Shingled | undefined;
    let maskedKeys: Uint32Array | undefined;
    if (this.options.maskNumbers) {
      masked = this.masked.extract(text);
      maskedKeys = this.bandKeysOf(masked.hashes, masked.count, this.maskedKeys);
      const template = this.find(
        this.templateExact,
        this.templates,
        masked,
        maskedKeys,
        'template',
      );
      if (template) return template;
    }
    if (addAs === undefined) return { kind: 'unique' };
    // Extractor buffers are reused, so the texts are indexed before anything else is extracted.
    const entryNo = this.ids.length;
    this.ids.push(addAs);
    this.exactKeys.push(plain.exactKey);
    this.templateKeys.push(masked?.exactKey);
    this.index(this.exact, this.near, entryNo, plain, plainKeys);
    if (masked && maskedKeys)
      this.index(this.templateExact, this.templates, entryNo, masked, maskedKeys);
    return { kind: 'unique' };
  }

  private find(
    exact: Map<number, number>,
    store: ShingleStore,
    s: Shingled,
    keys: Uint32Array,
    kind: 'near' | 'template',
  ): DedupResult | undefined {
    const exactHit = exact.get(s.exactKey);
    if (exactHit !== undefined) {
      const exactKind = kind === 'near' ? 'exact' : kind;
      return { kind: exactKind, duplicateOf: this.ids[exactHit]!, similarity: 1 };
    }
    const best = store.best(s.hashes, s.count, keys, this.options.threshold);
    return best && { kind, duplicateOf: this.ids[best.entry]!, similarity: best.similarity };
  }

  private index(
    exact: Map<number, number>,
    store: ShingleStore,
    entryNo: number,
    s: Pick<Shingled, 'exactKey' | 'hashes' | 'count'>,
    keys: Uint32Array,
  ): void {
    if (!Number.isNaN(s.exactKey) && !exact.has(s.exactKey)) exact.set(s.exactKey, entryNo);
    store.add(entryNo, s.hashes, s.count, keys);
  }

  private bandKeysOf(shingles: Int32Array, count: number, out: Uint32Array): Uint32Array {
    this.hasher.signature(shingles, count, this.signature);
    writeBandKeys(this.signature, this.options.banding, out);
    return out;
  }
}
