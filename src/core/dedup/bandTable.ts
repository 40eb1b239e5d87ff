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

/**
 * Open-addressing hash table from a 32-bit bucket key to a chain of node ids
 * (node = entry * bands + band). Typed arrays instead of Map<number, number[]> keep a
 * million questions × ~20 bands within a few hundred MB and off the JS heap.
 */
export class BandTable {
  private keys = new Uint32Array(1024);
  private heads = new Int32Array(1024).fill(-1);
  private used = 0;
  private next = new Int32Array(1024);

  insert(key: number, node: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    if (node >= this.next.length) this.growNodes(node);
    const slot = this.findSlot(key);
    const head = this.heads[slot]!;
    if (head === -1) {
      this.keys[slot] = key;
      this.used++;
    }
    this.next[node] = head;
    this.heads[slot] = node;
  }

  /** First node of the chain for `key`, or -1. */
  head(key: number): number {
    return this.heads[this.findSlot(key)]!;
  }

  /** Node after `node` in its chain, or -1. */
  after(node: number): number {
    return this.next[node]!;
  }

  private findSlot(key: number): number {
    const mask = this.keys.length - 1;
    let slot = key & mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.heads = new Int32Array(oldKeys.length * 2).fill(-1);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldHeads[i] === -1) continue;
      const slot = this.findSlot(oldKeys[i]!);
      this.keys[slot] = oldKeys[i]!;
      this.heads[slot] = oldHeads[i]!;
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
