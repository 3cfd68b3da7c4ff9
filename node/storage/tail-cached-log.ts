import { CompactedError, EntryUnavailableError } from '../raft/storage.ts';
import type { Entry } from '../raft/types.ts';
import { entryBytes } from '../raft/entry-size.ts';

/**
 * Reads persisted entries [lo, hi) back from disk, in order from `lo`, stopping before
 * `maxBytes` is passed (but returning at least one).
 */
export type ReadStored = (lo: number, hi: number, maxBytes: number) => Entry[];

/**
 * The log as the Raft core reads it from LevelStorage: every retained entry's term in
 * memory, the entries themselves only for the most recent `tailEntries`. Older ones
 * are read back from their records on disk when asked for: by a follower that fell
 * behind, a watch resuming from an old index, or the replay at start. Those are rare
 * and bounded by a message's bytes; the common reads (the entries just appended, to be
 * sent and applied) come from the tail.
 *
 * Why: a full mirror held every entry since the last compaction (up to the snapshot
 * interval plus keepEntries, 60,000 by default) a second time beside LevelDB, ~30 MiB
 * of live heap that every full collection marked again. A term is one number per entry.
 *
 * Appends happen only after the entries are durable, so whatever left the tail is on
 * disk. Entries read back are checked against the terms held here: a record that
 * disagrees is a corrupt data directory, and reading it throws.
 */
export class TailCachedLog {
  /** The compaction point: the entry before the first retained one (its term stays readable). */
  private offset: number;
  /** terms[i] is the term of entry offset + i; terms[0] is the compaction point's. */
  private terms: number[];
  /** The last tail.length entries of the log. */
  private tail: Entry[] = [];

  constructor(
    offsetIndex: number,
    offsetTerm: number,
    private readonly readStored: ReadStored,
    private readonly tailEntries: number,
  ) {
    if (!Number.isInteger(tailEntries) || tailEntries < 1) throw new Error(`tailEntries must be a positive integer, not ${tailEntries}`);
    this.offset = offsetIndex;
    this.terms = [offsetTerm];
  }

  firstIndex(): number {
    return this.offset + 1;
  }

  lastIndex(): number {
    return this.offset + this.terms.length - 1;
  }

  /** How many entries are held in memory. */
  cachedEntries(): number {
    return this.tail.length;
  }

  term(i: number): number {
    if (i < this.offset) throw new CompactedError(i, this.offset + 1);
    if (i > this.lastIndex()) throw new EntryUnavailableError(i, this.lastIndex());
    return this.terms[i - this.offset]!;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    if (lo <= this.offset) throw new CompactedError(lo, this.offset + 1);
    const last = this.lastIndex();
    if (hi > last + 1) throw new EntryUnavailableError(hi - 1, last);
    const tailStart = last + 1 - this.tail.length;
    const out: Entry[] = [];
    let bytes = 0;
    if (lo < tailStart) {
      const upTo = Math.min(hi, tailStart);
      const stored = this.readStored(lo, upTo, maxBytes);
      for (const e of stored) {
        const want = lo + out.length;
        if (e.index !== want || e.term !== this.terms[want - this.offset]) {
          throw new Error(`the log on disk disagrees with the log in memory: entry ${want} of term ${this.terms[want - this.offset]} reads back as entry ${e.index} of term ${e.term}`);
        }
        bytes += entryBytes(e);
        out.push(e);
      }
      if (out.length === 0) throw new Error(`the log on disk returned nothing for entries ${lo}-${upTo - 1}`);
      // Stopped short by maxBytes: what the tail holds comes after what did not fit.
      if (lo + out.length < upTo) return out;
    }
    for (let i = Math.max(lo, tailStart); i < hi; i++) {
      const e = this.tail[i - tailStart]!;
      bytes += entryBytes(e);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  /** Appends durable entries, replacing every entry from entries[0].index on; entries at or below the compaction point are ignored. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = entries[0]!.index;
    const skip = Math.max(0, this.offset + 1 - first);
    if (skip >= entries.length) return;
    const from = first + skip;
    if (from > this.lastIndex() + 1) throw new Error(`missing log entries: last ${this.lastIndex()}, appending from ${from}`);
    const tailStart = this.lastIndex() + 1 - this.tail.length;
    this.terms.length = from - this.offset;
    this.tail.length = Math.max(0, from - tailStart);
    for (let k = skip; k < entries.length; k++) {
      this.terms.push(entries[k]!.term);
      this.tail.push(entries[k]!);
    }
    // Amortized: trimmed in one splice once the tail is a quarter over its bound.
    if (this.tail.length > this.tailEntries + (this.tailEntries >> 2)) this.tail.splice(0, this.tail.length - this.tailEntries);
  }

  /** Drops every entry: the log restarts after `index` (a snapshot's), whose term is `term`. */
  reset(index: number, term: number): void {
    this.offset = index;
    this.terms = [term];
    this.tail = [];
  }

  /** Discards entries up to and including `index`; term(index) stays readable. */
  compact(index: number): void {
    if (index <= this.offset) return;
    if (index > this.lastIndex()) throw new EntryUnavailableError(index, this.lastIndex());
    const tailStart = this.lastIndex() + 1 - this.tail.length;
    if (index >= tailStart) this.tail.splice(0, index - tailStart + 1);
    this.terms = this.terms.slice(index - this.offset);
    this.offset = index;
  }
}
