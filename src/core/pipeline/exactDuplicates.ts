import { exactDuplicateKey } from '../dedup/normalizeQuestion';
import type { DuplicateChecker, DuplicateVerdict } from '../ports/checkers';
import type { RunStore } from '../ports/runStore';

/** The default project-wide check: exact normalised-text keys of kept questions in the store. */
export class StoreExactDuplicates implements DuplicateChecker {
  constructor(private readonly store: RunStore) {}

  async check(text: string): Promise<DuplicateVerdict> {
    const key = exactDuplicateKey(text);
    return (await this.store.hasKeptQuestion(key))
      ? { duplicate: true, kind: 'exact', of: `key:${key}`, similarity: 1 }
      : { duplicate: false };
  }

  /** Stored questions are found through the store, so nothing to remember. */
  add(): void {}
}

/** Exact keys in memory: the default index of questions still in flight. */
export class MemoryExactDuplicates implements DuplicateChecker {
  readonly #ids = new Map<string, string>();

  check(text: string): DuplicateVerdict {
    const of = this.#ids.get(exactDuplicateKey(text));
    return of === undefined
      ? { duplicate: false }
      : { duplicate: true, kind: 'exact', of, similarity: 1 };
  }

  add(id: string, text: string): void {
    const key = exactDuplicateKey(text);
    if (!this.#ids.has(key)) this.#ids.set(key, id);
  }
}
