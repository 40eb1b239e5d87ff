import { combineHash, fmix32 } from './hash32';
import type { LshBanding } from './lshParams';

export function writeBandKeys(
  signature: ArrayLike<number>,
  { bands, rows }: LshBanding,
  out: Uint32Array,
): void {
  for (let b = 0; b < bands; b++) {
    let h = Math.imul(b + 1, 0x9e3779b1);
    const start = b * rows;
    for (let r = 0; r < rows; r++) h = combineHash(h, signature[start + r]!);
    out[b] = fmix32(h);
  }
}

/**
 * Most members one bucket keeps. Later members of a full bucket are still found through their
 * other bands, and a near duplicate of them meets the bucket's older members, which are as
 * similar; the cap bounds the work per query when one template floods a bucket.
 */
export const BUCKET_CAPACITY = 64;

/** Members kept inline in a slot; larger buckets move to a block of `pool`. */
const INLINE = 2;
/** Smallest pooled block (a power of two, like every block). */
const MIN_BLOCK = 4;
const STRIDE = 4;

/**
 * Open-addressing hash table from a 32-bit bucket key to the bucket's members, stored
 * contiguously: a slot holds [key, count, member 0, member 1] and buckets of more than two
 * keep their members in a power-of-two block of one pool (moved to a block twice as large
 * when full; freed blocks are reused). Reading a bucket costs one probe plus at most one
 * sequential read instead of one cache miss per member, which is what dominated lookups
 * once same-template questions fill buckets with tens of members.
 */
export class BandTable {
  private slots = new Int32Array(STRIDE * 1024);
  private capacity = 1024;
  private used = 0;
  private pool = new Int32Array(1024);
  private poolLength = 0;
  /** Head of the free list of blocks of 2^i members (-1 = none); a free block's first int links on. */
  private readonly free = new Int32Array(32).fill(-1);
  /** Scratch: the slot of each key of one `appendAllMembers` call. */
  private found = new Int32Array(16);

  insert(key: number, member: number): void {
    // Up to 3/4 full: at a million questions (5.2M buckets) that is 128 MB of slots instead
    // of 256 MB, with no measurable cost in probes (neighbouring slots share cache lines).
    if (4 * (this.used + 1) > 3 * this.capacity) this.grow();
    const slot = this.findSlot(key | 0);
    const slots = this.slots;
    const count = slots[slot + 1]!;
    if (count >= BUCKET_CAPACITY) return;
    if (count === 0) {
      slots[slot] = key;
      this.used++;
      slots[slot + 2] = member;
    } else if (count < INLINE) {
      slots[slot + 2 + count] = member;
    } else if (count === INLINE) {
      const block = this.allocate(MIN_BLOCK);
      this.pool[block] = slots[slot + 2]!;
      this.pool[block + 1] = slots[slot + 3]!;
      this.pool[block + 2] = member;
      slots[slot + 2] = block;
    } else {
      let block = slots[slot + 2]!;
      if ((count & (count - 1)) === 0 && count >= MIN_BLOCK) {
        const bigger = this.allocate(2 * count);
        this.pool.copyWithin(bigger, block, block + count);
        this.release(block, count);
        block = bigger;
        slots[slot + 2] = block;
      }
      this.pool[block + count] = member;
    }
    slots[slot + 1] = count + 1;
  }

  /**
   * Appends the members of every key's bucket (oldest first, bucket after bucket) to `out` and
   * returns how many; `out` needs room for keys.length × BUCKET_CAPACITY.
   */
  appendAllMembers(keys: Uint32Array, out: Int32Array): number {
    // All probes first: they are independent cache misses the CPU can overlap, where probing
    // bucket by bucket would interleave them with data-dependent copying.
    const found = this.found.length >= keys.length ? this.found : new Int32Array(keys.length);
    this.found = found;
    for (let b = 0; b < keys.length; b++) found[b] = this.findSlot(keys[b]! | 0);
    let at = 0;
    for (let b = 0; b < keys.length; b++) at = this.copyMembers(found[b]!, out, at);
    return at;
  }

  /**
   * Appends the members of `key`'s bucket (oldest first) to `out` from `at` and returns the
   * new length; `out` needs room for BUCKET_CAPACITY more.
   */
  appendMembers(key: number, out: Int32Array, at: number): number {
    return this.copyMembers(this.findSlot(key | 0), out, at);
  }

  private copyMembers(slot: number, out: Int32Array, at: number): number {
    const slots = this.slots;
    const count = slots[slot + 1]!;
    if (count <= INLINE) {
      if (count > 0) out[at++] = slots[slot + 2]!;
      if (count > 1) out[at++] = slots[slot + 3]!;
      return at;
    }
    const pool = this.pool;
    const block = slots[slot + 2]!;
    for (let i = 0; i < count; i++) out[at++] = pool[block + i]!;
    return at;
  }

  /** Index into `slots` of the key's slot, or of the empty slot where it would go. */
  private findSlot(key: number): number {
    const slots = this.slots;
    const mask = this.capacity - 1;
    let i = key & mask;
    while (slots[STRIDE * i + 1] !== 0 && slots[STRIDE * i] !== key) i = (i + 1) & mask;
    return STRIDE * i;
  }

  private allocate(size: number): number {
    const sizeClass = 31 - Math.clz32(size);
    const head = this.free[sizeClass]!;
    if (head >= 0) {
      this.free[sizeClass] = this.pool[head]!;
      return head;
    }
    if (this.poolLength + size > this.pool.length) {
      let length = this.pool.length * 2;
      while (this.poolLength + size > length) length *= 2;
      const bigger = new Int32Array(length);
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    const block = this.poolLength;
    this.poolLength += size;
    return block;
  }

  private release(block: number, size: number): void {
    const sizeClass = 31 - Math.clz32(size);
    this.pool[block] = this.free[sizeClass]!;
    this.free[sizeClass] = block;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(STRIDE * this.capacity);
    for (let i = 0; i < old.length; i += STRIDE) {
      if (old[i + 1] === 0) continue;
      const slot = this.findSlot(old[i]!);
      for (let k = 0; k < STRIDE; k++) this.slots[slot + k] = old[i + k]!;
    }
  }
}
