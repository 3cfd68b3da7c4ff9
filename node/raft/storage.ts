import type { ConfState, Entry, HardState, Snapshot } from './types.ts';
import { entryBytes } from './entry-size.ts';

/** Asked for an index that log compaction has already discarded. */
export class CompactedError extends Error {
  override readonly name = 'CompactedError';
  constructor(readonly index: number, readonly firstIndex: number) {
    super(`raft log index ${index} is compacted (first index ${firstIndex})`);
  }
}

/** Asked for an index beyond the last stored entry. */
export class EntryUnavailableError extends Error {
  override readonly name = 'EntryUnavailableError';
  constructor(readonly index: number, readonly lastIndex: number) {
    super(`raft log index ${index} is unavailable (last index ${lastIndex})`);
  }
}

/**
 * The durable part of a node's log as the core reads it. Reads are synchronous: an
 * implementation answers from memory, or from a synchronous read of its disk (the
 * LevelDB storage keeps only the recent entries in memory). The core never writes
 * here; the driver does, after persisting a Ready.
 *
 * Index 0 is a sentinel: firstIndex() is 1 on an empty log, and term(firstIndex()-1)
 * is the term of the last compacted entry (the snapshot's).
 */
export interface LogStorage {
  /** The persisted hard state and the membership as of the latest snapshot. */
  initialState(): { hardState: HardState; conf: ConfState };
  /** Entries [lo, hi), at least one if any, at most maxBytes beyond the first. Throws CompactedError / EntryUnavailableError. */
  entries(lo: number, hi: number, maxBytes: number): Entry[];
  /** The term of entry i, for firstIndex()-1 <= i <= lastIndex(). Throws CompactedError / EntryUnavailableError. */
  term(i: number): number;
  firstIndex(): number;
  lastIndex(): number;
  /** The latest snapshot (meta.index 0 when none was ever taken). */
  snapshot(): Snapshot;
}

/** What a driver writes after a Ready is durable, so that reads reflect it. */
export interface WritableLogStorage extends LogStorage {
  /** Appends entries, first dropping any stored entries from entries[0].index on. */
  append(entries: readonly Entry[]): void;
  setHardState(hs: HardState): void;
  /** Replaces the whole log with a snapshot received from the leader. */
  applySnapshot(snap: Snapshot): void;
  /** Records a snapshot of the local state machine taken at `index` (<= applied). */
  createSnapshot(index: number, conf: ConfState, data: Uint8Array): Snapshot;
  /** Discards entries up to and including `index` (which must be covered by the snapshot); term(index) stays readable. */
  compact(index: number): void;
}

const EMPTY_CONF: ConfState = { voters: [], learners: [] };

/**
 * An in-memory log storage: the simulation's "disk" (whatever it holds survives a
 * simulated crash) and the cache behind the LevelDB storage.
 */
export class MemoryStorage implements WritableLogStorage {
  private hard: HardState = { term: 0, vote: '', commit: 0 };
  private snap: Snapshot;
  /** ents[0] is a dummy standing for the snapshot: index = snap index, term = snap term. */
  private ents: Entry[];

  /**
   * `bootstrap`: the initial members of a new cluster (every initial member gets the
   * same list; a node that joins later gets none). It is recorded as the membership of
   * the empty log; the core turns it into log entries on first start (see RaftCore).
   */
  constructor(conf: ConfState = EMPTY_CONF) {
    this.snap = { meta: { index: 0, term: 0, conf }, data: new Uint8Array(0) };
    this.ents = [dummy(0, 0)];
  }

  initialState(): { hardState: HardState; conf: ConfState } {
    return { hardState: this.hard, conf: this.snap.meta.conf };
  }

  firstIndex(): number {
    return this.ents[0]!.index + 1;
  }

  lastIndex(): number {
    return this.ents[0]!.index + this.ents.length - 1;
  }

  term(i: number): number {
    const offset = this.ents[0]!.index;
    if (i < offset) throw new CompactedError(i, offset + 1);
    if (i > this.lastIndex()) throw new EntryUnavailableError(i, this.lastIndex());
    return this.ents[i - offset]!.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    const offset = this.ents[0]!.index;
    if (lo <= offset) throw new CompactedError(lo, offset + 1);
    if (hi > this.lastIndex() + 1) throw new EntryUnavailableError(hi - 1, this.lastIndex());
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = lo; i < hi; i++) {
      const e = this.ents[i - offset]!;
      bytes += entryBytes(e);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  hardState(): HardState {
    return this.hard;
  }

  setHardState(hs: HardState): void {
    this.hard = hs;
  }

  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0]!.index + entries.length - 1;
    if (last < first) return; // everything is already compacted: nothing to keep
    const fromEntries = first > entries[0]!.index ? entries.slice(first - entries[0]!.index) : entries;
    const offset = fromEntries[0]!.index - this.ents[0]!.index;
    if (offset > this.ents.length) {
      throw new Error(`missing log entries: last ${this.lastIndex()}, appending from ${fromEntries[0]!.index}`);
    }
    this.ents.length = offset;
    for (const e of fromEntries) this.ents.push(e);
  }

  applySnapshot(snap: Snapshot): void {
    if (snap.meta.index <= this.snap.meta.index) return;
    this.snap = snap;
    this.ents = [dummy(snap.meta.index, snap.meta.term)];
  }

  createSnapshot(index: number, conf: ConfState, data: Uint8Array): Snapshot {
    if (index <= this.snap.meta.index) return this.snap;
    if (index > this.lastIndex()) throw new EntryUnavailableError(index, this.lastIndex());
    this.snap = { meta: { index, term: this.term(index), conf }, data };
    return this.snap;
  }

  compact(index: number): void {
    const offset = this.ents[0]!.index;
    if (index <= offset) return;
    if (index > this.snap.meta.index) throw new Error(`cannot compact to ${index}: snapshot covers only up to ${this.snap.meta.index}`);
    const term = this.term(index);
    this.ents = [dummy(index, term), ...this.ents.slice(index - offset + 1)];
  }
}

function dummy(index: number, term: number): Entry {
  return { type: 'normal', index, term, data: new Uint8Array(0) };
}
