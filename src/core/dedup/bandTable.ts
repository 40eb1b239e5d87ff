import { combineHash, fmix32 } from './hash32';
import type { LshBanding } from './lshParams';

/** The LSH bucket key of every band of a signature (band index mixed in). */
export function bandKeys(signature: ArrayLike<number>, banding: LshBanding): Uint32Array {
  const keys = new Uint32Array(banding.bands);
  writeBandKeys(signature, banding, keys);
  return keys;
}

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

/** Set on a chain pointer whose node is the last of its chain. */
export const LAST_IN_CHAIN = 1 << 30;
/** The node id of a chain pointer. */
export const CHAIN_NODE = LAST_IN_CHAIN - 1;

/**
 * Open-addressing hash table from a 32-bit bucket key to a chain of node ids. Typed arrays
 * instead of Map<number, number[]> keep a million questions × ~14 bands within a few hundred MB
 * and off the JS heap; key and chain head sit side by side so a probe touches one cache line.
 * Chain pointers carry a "last" bit, so a walk stops without reading the last node's link:
 * one random memory access less per non-empty bucket.
 */
export class BandTable {
  /** slots[2i] = key, slots[2i + 1] = pointer to the chain's first node + 1 (0 = empty slot). */
  private slots = new Int32Array(2 * 1024);
  private capacity = 1024;
  private used = 0;
  private next = new Int32Array(1024);

  insert(key: number, node: number): void {
    if (node >= LAST_IN_CHAIN) throw new Error('BandTable: too many nodes');
    if ((this.used + 1) * 2 > this.capacity) this.grow();
    if (node >= this.next.length) this.growNodes(node);
    const slot = this.findSlot(key | 0);
    const head = this.slots[slot + 1]!;
    if (head === 0) {
      this.slots[slot] = key;
      this.used++;
      this.next[node] = -1;
      this.slots[slot + 1] = (node | LAST_IN_CHAIN) + 1;
    } else {
      this.next[node] = head - 1;
      this.slots[slot + 1] = node + 1;
    }
  }

  /**
   * Pointer to the first node of `key`'s chain, or -1: `pointer & CHAIN_NODE` is the node,
   * `pointer & LAST_IN_CHAIN` says no node follows.
   */
  first(key: number): number {
    return this.slots[this.findSlot(key | 0) + 1]! - 1;
  }

  /** Pointer to the node after `node` (which must not be the last of its chain). */
  after(node: number): number {
    return this.next[node]!;
  }

  /** Index into `slots` of the key's slot, or of the empty slot where it would go. */
  private findSlot(key: number): number {
    const slots = this.slots;
    const mask = this.capacity - 1;
    let i = key & mask;
    while (slots[2 * i + 1] !== 0 && slots[2 * i] !== key) i = (i + 1) & mask;
    return 2 * i;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(2 * this.capacity);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const slot = this.findSlot(old[i]!);
      this.slots[slot] = old[i]!;
      this.slots[slot + 1] = old[i + 1]!;
    }
  }

  private growNodes(node: number): void {
    let size = this.next.length;
    while (size <= node) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.next);
    this.next = bigger;
  }
}
