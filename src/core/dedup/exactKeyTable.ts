const STRIDE = 3;

/**
 * Open-addressing map from a 53-bit exact key (a non-negative safe integer) to an entry
 * number, in one Int32Array: slot = [high 21 bits + 1 (0 = empty), low 32 bits, entry]. A Map
 * keyed by such numbers boxes every key as a heap number the garbage collector has to trace
 * and hashes it on every lookup; a million keys here are a flat 24–48 MB.
 */
export class ExactKeyTable {
  private slots = new Int32Array(STRIDE * 1024);
  private capacity = 1024;
  private used = 0;

  /** The entry stored under `key`, or -1. */
  get(key: number): number {
    const slot = this.findSlot(Math.floor(key / 0x1_0000_0000) + 1, key | 0);
    return this.slots[slot] === 0 ? -1 : this.slots[slot + 2]!;
  }

  /** Stores `entry` under `key` unless the key is already there (the first entry wins). */
  setIfAbsent(key: number, entry: number): void {
    if ((this.used + 1) * 2 > this.capacity) this.grow();
    const high = Math.floor(key / 0x1_0000_0000) + 1;
    const low = key | 0;
    const slot = this.findSlot(high, low);
    if (this.slots[slot] !== 0) return;
    this.slots[slot] = high;
    this.slots[slot + 1] = low;
    this.slots[slot + 2] = entry;
    this.used++;
  }

  private findSlot(high: number, low: number): number {
    const slots = this.slots;
    const mask = this.capacity - 1;
    let i = low & mask;
    for (;;) {
      const at = STRIDE * i;
      const h = slots[at]!;
      if (h === 0 || (h === high && slots[at + 1] === low)) return at;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(STRIDE * this.capacity);
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] === 0) continue;
      const slot = this.findSlot(old[at]!, old[at + 1]!);
      this.slots[slot] = old[at]!;
      this.slots[slot + 1] = old[at + 1]!;
      this.slots[slot + 2] = old[at + 2]!;
    }
  }
}
