import { writeBandKeys } from './bandTable';
import type { DedupOptions } from './dedupOptions';
import { dedupParamsKey, resolveDedupOptions } from './dedupOptions';
import { ExactKeyTable } from './exactKeyTable';
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
 * A near/template result names one indexed text at Jaccard ≥ threshold (the first verified,
 * in order of shared LSH bands; not always the most similar) with its exact similarity.
 */
export class DedupIndex {
  readonly options: DedupOptions;
  private readonly ids: string[] = [];
  private readonly exactKeys: number[] = [];
  private readonly templateKeys: (number | undefined)[] = [];
  private readonly exact = new ExactKeyTable();
  private readonly templateExact = new ExactKeyTable();
  private readonly hasher: MinHasher;
  private readonly plain: ShingleExtractor;
  private readonly masked: ShingleExtractor;
  private readonly near: ShingleStore;
  private readonly templates: ShingleStore;
  private readonly plainLsh: Lsh;
  private readonly maskedLsh: Lsh;

  constructor(options: Partial<DedupOptions> = {}) {
    this.options = resolveDedupOptions(options);
    const { shingleKind: kind, shingleSize: n, seed, banding } = this.options;
    this.hasher = new MinHasher(banding.bands * banding.rows, seed);
    this.plain = new ShingleExtractor({ kind, n, maskNumbers: false });
    this.masked = new ShingleExtractor({ kind, n, maskNumbers: true });
    const slots = banding.bands * banding.rows;
    this.near = new ShingleStore(banding.bands, slots);
    this.templates = new ShingleStore(banding.bands, slots);
    this.plainLsh = newLsh(slots, banding.bands);
    this.maskedLsh = newLsh(slots, banding.bands);
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
      shingles: plain.hashes.slice(0, plain.count).sort(),
    };
    if (this.options.maskNumbers) {
      const masked = this.masked.extract(text);
      entry.templateKey = masked.exactKey;
      entry.templateShingles = masked.hashes.slice(0, masked.count).sort();
    }
    return entry;
  }

  /** LSH bucket keys of a shingle set (e.g. to store next to an entry). */
  bucketKeys(shingles: Int32Array): Uint32Array {
    const { bands, rows } = this.options.banding;
    return this.lshOf(shingles, shingles.length, newLsh(bands * rows, bands)).keys;
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
    const plainLsh = this.lshOf(plain.hashes, plain.count, this.plainLsh);
    this.index(this.exact, this.near, entryNo, plain, plainLsh);
    if (entry.templateShingles) {
      const hashes = entry.templateShingles;
      const masked = { exactKey: entry.templateKey ?? Number.NaN, hashes, count: hashes.length };
      const maskedLsh = this.lshOf(hashes, hashes.length, this.maskedLsh);
      this.index(this.templateExact, this.templates, entryNo, masked, maskedLsh);
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
    const plainLsh = this.lshOf(plain.hashes, plain.count, this.plainLsh);
    const near = this.find(this.exact, this.near, plain, plainLsh, 'near');
    if (near) return near;
    let masked: Shingled | undefined;
    if (this.options.maskNumbers) {
      masked = this.masked.extract(text);
      this.lshOf(masked.hashes, masked.count, this.maskedLsh);
      const template = this.find(
        this.templateExact,
        this.templates,
        masked,
        this.maskedLsh,
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
    this.index(this.exact, this.near, entryNo, plain, plainLsh);
    if (masked) this.index(this.templateExact, this.templates, entryNo, masked, this.maskedLsh);
    return { kind: 'unique' };
  }

  private find(
    exact: ExactKeyTable,
    store: ShingleStore,
    s: Shingled,
    lsh: Lsh,
    kind: 'near' | 'template',
  ): DedupResult | undefined {
    const exactHit = exact.get(s.exactKey);
    if (exactHit >= 0) {
      const exactKind = kind === 'near' ? 'exact' : kind;
      return { kind: exactKind, duplicateOf: this.ids[exactHit]!, similarity: 1 };
    }
    const { threshold } = this.options;
    const match = store.firstMatch(s.set, s.count, lsh.keys, threshold, lsh.signature);
    return match && { kind, duplicateOf: this.ids[match.entry]!, similarity: match.similarity };
  }

  private index(
    exact: ExactKeyTable,
    store: ShingleStore,
    entryNo: number,
    s: Pick<Shingled, 'exactKey' | 'hashes' | 'count'>,
    lsh: Lsh,
  ): void {
    if (!Number.isNaN(s.exactKey)) exact.setIfAbsent(s.exactKey, entryNo);
    store.add(entryNo, s.hashes, s.count, lsh.keys, lsh.signature);
  }

  /** Signature and band keys of a shingle set, written into `out`'s reused buffers. */
  private lshOf(shingles: Int32Array, count: number, out: Lsh): Lsh {
    this.hasher.signature(shingles, count, out.signature);
    writeBandKeys(out.signature, this.options.banding, out.keys);
    return out;
  }
}

/** A text's MinHash signature and its LSH band keys (reused per pass: plain or masked). */
interface Lsh {
  signature: Int32Array;
  keys: Uint32Array;
}

function newLsh(slots: number, bands: number): Lsh {
  return { signature: new Int32Array(slots), keys: new Uint32Array(bands) };
}
