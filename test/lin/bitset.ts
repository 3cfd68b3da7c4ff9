/**
 * A fixed-size set of small integers, with the subset tests the search's dominance check
 * needs against frozen snapshots.
 */
export class Bitset {
  private readonly words: Uint32Array;

  /** An empty set over [0, size). */
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  remove(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** The members as a frozen copy, for storing in a memo. */
  snapshot(): Uint32Array {
    return this.words.slice();
  }

  /** Whether a snapshot taken from a set of the same size is a subset of this set. */
  includes(snapshot: Uint32Array): boolean {
    const words = this.words;
    for (let i = 0; i < words.length; i++) if ((snapshot[i]! & ~words[i]!) !== 0) return false;
    return true;
  }

  /** Whether this set is a subset of a snapshot taken from a set of the same size. */
  within(snapshot: Uint32Array): boolean {
    const words = this.words;
    for (let i = 0; i < words.length; i++) if ((words[i]! & ~snapshot[i]!) !== 0) return false;
    return true;
  }
}
