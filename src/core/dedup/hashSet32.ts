/**
 * Reusable open-addressing set of int32 values (already well-mixed hashes). `reset` empties it
 * in O(1) by bumping a stamp, so a question's shingles can be de-duplicated and later probed
 * without sorting and without clearing memory between questions.
 */
export class HashSet32 {
  private keys = new Int32Array(128);
  private stamps = new Int32Array(128);
  private shift = 25;
  private stamp = 0;

  /** Empties the set, making room for `expected` values. */
  reset(expected: number): void {
    if (2 * expected > this.keys.length) {
      let size = this.keys.length;
      while (2 * expected > size) size *= 2;
      this.keys = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.shift = 32 - Math.log2(size);
      this.stamp = 0;
    }
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds `value`; false if it was already there. At most `expected` (see reset) values fit. */
  add(value: number): boolean {
    const { keys, stamps, stamp } = this;
    const mask = keys.length - 1;
    let slot = Math.imul(value, 0x9e3779b1) >>> this.shift;
    while (stamps[slot] === stamp) {
      if (keys[slot] === value) return false;
      slot = (slot + 1) & mask;
    }
    stamps[slot] = stamp;
    keys[slot] = value;
    return true;
  }

  has(value: number): boolean {
    const { keys, stamps, stamp } = this;
    const mask = keys.length - 1;
    let slot = Math.imul(value, 0x9e3779b1) >>> this.shift;
    while (stamps[slot] === stamp) {
      if (keys[slot] === value) return true;
      slot = (slot + 1) & mask;
    }
    return false;
  }
}

/**
 * Exact Jaccard of a distinct list (`list[start..end)`) and a set of `setCount` values if it
 * is at least `minimum`, else -1. Gives up as soon as too many list values miss the set to
 * reach `minimum` (and skips pairs whose sizes alone rule it out), which makes rejecting the
 * many weak LSH candidates cheap.
 */
export function jaccardAtLeast(
  list: ArrayLike<number>,
  start: number,
  end: number,
  set: HashSet32,
  setCount: number,
  minimum: number,
): number {
  const listCount = end - start;
  const total = listCount + setCount;
  if (total === 0) return 1;
  // shared / (total - shared) >= minimum  <=>  shared >= minimum * total / (1 + minimum)
  const needed = Math.ceil((minimum * total) / (1 + minimum) - 1e-9);
  if (Math.min(listCount, setCount) < needed) return -1;
  const allowedMisses = listCount - needed;
  let misses = 0;
  for (let i = start; i < end; i++) {
    if (!set.has(list[i]!) && ++misses > allowedMisses) return -1;
  }
  const shared = listCount - misses;
  const similarity = shared / (total - shared);
  return similarity >= minimum ? similarity : -1;
}
