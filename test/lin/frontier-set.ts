/**
 * The set of completed operations a search configuration has linearized, numbered by
 * return order. Such a set is nearly a prefix: every op returning before the earliest
 * unlinearized one is in it, plus a few concurrent later ones. So it is kept as
 * "all ranks below `low`" plus the words up to the highest member, which makes snapshots
 * and comparisons cost the width of the concurrency window instead of the history's length.
 *
 * Contract: additions and removals are undone in LIFO order (as a backtracking search
 * does); the highest member is tracked with a stack that relies on it.
 */
/** One random 32-bit value per rank; seeded (xorshift32), so runs are reproducible. */
function salts(size: number): Uint32Array {
  const out = new Uint32Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

export class FrontierSet {
  private readonly words: Uint32Array;
  private readonly salts: Uint32Array;
  private hashValue = 0;
  /** Every rank below `low` is a member; `low` itself is not. */
  private low = 0;
  /** The highest member, or -1; earlier values are stacked for LIFO removal. */
  private top = -1;
  private readonly tops: number[] = [];

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) + 1);
    this.salts = salts(size);
  }

  has(rank: number): boolean {
    return (this.words[rank >>> 5]! & (1 << (rank & 31))) !== 0;
  }

  /** Adds `rank`, which must not be a member. */
  add(rank: number): void {
    this.words[rank >>> 5]! |= 1 << (rank & 31);
    this.hashValue ^= this.salts[rank]!;
    this.tops.push(this.top);
    if (rank > this.top) this.top = rank;
    if (rank === this.low) while (this.has(this.low)) this.low++;
  }

  /** Removes `rank`, which must be the most recently added member still present. */
  remove(rank: number): void {
    this.words[rank >>> 5]! &= ~(1 << (rank & 31));
    this.hashValue ^= this.salts[rank]!;
    this.top = this.tops.pop()!;
    if (rank < this.low) this.low = rank;
  }

  /** Equal sets hash alike (Zobrist: the XOR of per-member salts). */
  hash(): number {
    return this.hashValue >>> 0;
  }

  /** A compact copy: `low`, then the words from `low`'s to the highest member's. */
  snapshot(): Uint32Array {
    const from = this.low >>> 5;
    const to = this.top >= this.low ? (this.top >>> 5) + 1 : from;
    const copy = new Uint32Array(1 + to - from);
    copy[0] = this.low;
    copy.set(this.words.subarray(from, to), 1);
    return copy;
  }

  /** Whether this set equals the one a snapshot was taken of. */
  equals(snapshot: Uint32Array): boolean {
    if (snapshot[0] !== this.low) return false;
    const from = this.low >>> 5;
    const to = this.top >= this.low ? (this.top >>> 5) + 1 : from;
    if (snapshot.length !== 1 + to - from) return false;
    for (let i = from; i < to; i++) if (this.words[i] !== snapshot[1 + i - from]) return false;
    return true;
  }
}
