/** Open-addressing slots of the scratch table (a power of two, ≥ 2 × the most members). */
const MIN_TABLE = 64;

/**
 * Counts how many LSH bands each candidate shares with a query and orders the distinct
 * candidates by that count, most first (more shared bands: likely more similar, so verified
 * first). A small stamped hash table keeps it linear in the bucket members collected (tens to
 * hundreds, all in cache) with no clearing between queries.
 */
export class CandidateVotes {
  /** Distinct candidates, most votes first (equal votes: collection order). */
  readonly ordered: Int32Array;
  /** votes[i] = shared bands of ordered[i]. */
  readonly votes: Int32Array;
  private readonly distinct: Int32Array;
  private readonly tally: Int32Array;
  private readonly keys: Int32Array;
  private readonly positions: Int32Array;
  private readonly stamps: Int32Array;
  private readonly shift: number;
  private stamp = 0;
  private readonly perVote: Int32Array;

  constructor(maxMembers: number, maxVotes: number) {
    let size = MIN_TABLE;
    while (size < 2 * maxMembers) size *= 2;
    this.shift = 32 - Math.log2(size);
    this.keys = new Int32Array(size);
    this.positions = new Int32Array(size);
    this.stamps = new Int32Array(size);
    this.distinct = new Int32Array(maxMembers);
    this.tally = new Int32Array(maxMembers);
    this.ordered = new Int32Array(maxMembers);
    this.votes = new Int32Array(maxMembers);
    this.perVote = new Int32Array(maxVotes + 2);
  }

  /** Tallies the first `count` of `members` (repeats = shared bands); returns the distinct count. */
  count(members: Int32Array, count: number): number {
    const stamp = ++this.stamp;
    const { keys, positions, stamps, distinct, tally, shift } = this;
    const mask = keys.length - 1;
    let found = 0;
    for (let m = 0; m < count; m++) {
      const entry = members[m]!;
      let slot = Math.imul(entry, 0x9e3779b1) >>> shift;
      while (stamps[slot] === stamp && keys[slot] !== entry) slot = (slot + 1) & mask;
      if (stamps[slot] === stamp) tally[positions[slot]!]!++;
      else {
        stamps[slot] = stamp;
        keys[slot] = entry;
        positions[slot] = found;
        distinct[found] = entry;
        tally[found++] = 1;
      }
    }
    this.orderByVotes(found);
    return found;
  }

  /** Stable counting sort by votes, descending. */
  private orderByVotes(found: number): void {
    const { perVote, distinct, tally, ordered, votes } = this;
    const top = perVote.length - 1;
    perVote.fill(0);
    for (let i = 0; i < found; i++) perVote[Math.min(top, tally[i]!)]!++;
    // perVote[v] becomes the first position of vote count v (higher counts first).
    let at = 0;
    for (let v = top; v >= 0; v--) {
      const n = perVote[v]!;
      perVote[v] = at;
      at += n;
    }
    for (let i = 0; i < found; i++) {
      const position = perVote[Math.min(top, tally[i]!)]!++;
      ordered[position] = distinct[i]!;
      votes[position] = tally[i]!;
    }
  }
}
