import { CompactedError, type LogStorage } from './storage.ts';
import type { Entry, Snapshot } from './types.ts';
import { entryBytes } from './entry-size.ts';

/**
 * A node's view of the Raft log: the durable part (LogStorage, written by the driver)
 * plus the unstable tail (entries and possibly a snapshot not yet handed to the driver
 * or not yet acknowledged as durable). Unstable entries shadow stored ones from
 * `offset` on: a conflicting suffix is replaced here first and on disk when persisted.
 */
export class RaftLog {
  /** Highest index known committed (Raft §5.3). Never decreases. */
  committed: number;
  /** Highest index the state machine has applied (advance()). */
  applied: number;
  private unstableSnapshot: Snapshot | undefined;
  private unstable: Entry[] = [];
  /** Index of unstable[0]. */
  private offset: number;
  /**
   * Unstable entries below this index were handed to the driver (in a Ready) and are
   * being written; they stay unstable until stableTo() says they are durable.
   */
  private inProgress: number;
  private snapshotInProgress = false;

  constructor(private readonly storage: LogStorage, committed: number, applied: number) {
    this.offset = storage.lastIndex() + 1;
    this.inProgress = this.offset;
    this.committed = committed;
    this.applied = applied;
  }

  firstIndex(): number {
    return this.unstableSnapshot ? this.unstableSnapshot.meta.index + 1 : this.storage.firstIndex();
  }

  lastIndex(): number {
    if (this.unstable.length > 0) return this.offset + this.unstable.length - 1;
    if (this.unstableSnapshot) return this.unstableSnapshot.meta.index;
    return this.storage.lastIndex();
  }

  /** The term of entry i, or undefined when i is compacted or beyond the log. */
  term(i: number): number | undefined {
    if (i < this.firstIndex() - 1 || i > this.lastIndex()) return undefined;
    if (i >= this.offset && i < this.offset + this.unstable.length) return this.unstable[i - this.offset]!.term;
    if (this.unstableSnapshot && i === this.unstableSnapshot.meta.index) return this.unstableSnapshot.meta.term;
    if (i === 0) return 0;
    try {
      return this.storage.term(i);
    } catch {
      return undefined;
    }
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0;
  }

  matchTerm(i: number, term: number): boolean {
    return this.term(i) === term;
  }

  /** Candidate's log is at least as up to date as ours (Raft §5.4.1). */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /**
   * Follower side of AppendEntries (Raft §5.3): if our log holds (index, logTerm), append
   * what is new (truncating a conflicting suffix) and return the index of the last entry
   * the leader sent, and where our log was cut if it was; otherwise undefined.
   */
  maybeAppend(
    index: number,
    logTerm: number,
    leaderCommit: number,
    entries: readonly Entry[],
  ): { lastNew: number; truncatedFrom?: number } | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + entries.length;
    const conflict = this.findConflict(entries);
    let truncatedFrom: number | undefined;
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new Error(`raft: entry ${conflict} conflicts with committed entry (commit ${this.committed})`);
      }
      if (conflict <= this.lastIndex()) truncatedFrom = conflict;
      this.append(entries.slice(conflict - (index + 1)));
    }
    this.commitTo(Math.min(leaderCommit, lastNew));
    return truncatedFrom === undefined ? { lastNew } : { lastNew, truncatedFrom };
  }

  /** The first entry whose index is new or whose term differs from ours; 0 if none. */
  private findConflict(entries: readonly Entry[]): number {
    for (const e of entries) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * The largest index <= `index` whose term is <= `term`, with that term: the fast
   * back-off hint that skips a whole conflicting term per round trip. Returns term 0
   * when the answer lies in the compacted prefix.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let i = Math.min(index, this.lastIndex());
    for (;;) {
      const t = this.term(i);
      if (t === undefined) return { index: i, term: 0 };
      if (t <= term) return { index: i, term: t };
      i--;
    }
  }

  /** Appends entries, replacing any unstable or stored suffix from entries[0].index on. */
  append(entries: readonly Entry[]): number {
    if (entries.length === 0) return this.lastIndex();
    const after = entries[0]!.index;
    if (after - 1 < this.committed) throw new Error(`raft: append at ${after} would overwrite committed ${this.committed}`);
    if (after === this.offset + this.unstable.length) {
      for (const e of entries) this.unstable.push(e);
    } else if (after <= this.offset) {
      // Replaces stored entries too; the driver's storage.append truncates them.
      this.offset = after;
      this.unstable = entries.slice();
    } else {
      this.unstable = this.unstable.slice(0, after - this.offset).concat(entries);
    }
    // A replaced suffix must be handed out again, even if its old version is being written.
    this.inProgress = Math.min(this.inProgress, after);
    return this.lastIndex();
  }

  /** Entries [lo, hi), bounded by maxBytes (at least one). Throws CompactedError. */
  slice(lo: number, hi: number, maxBytes: number): Entry[] {
    if (lo >= hi) return [];
    const first = this.firstIndex();
    if (lo < first) throw new CompactedError(lo, first);
    const out: Entry[] = [];
    let bytes = 0;
    if (lo < this.offset) {
      const stored = this.storage.entries(lo, Math.min(hi, this.offset), maxBytes);
      for (const e of stored) {
        bytes += entryBytes(e);
        out.push(e);
      }
      if (out.length < Math.min(hi, this.offset) - lo) return out; // the byte limit cut it
    }
    for (let i = Math.max(lo, this.offset); i < hi; i++) {
      const e = this.unstable[i - this.offset]!;
      bytes += entryBytes(e);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  /** Entries from i to the end, bounded by maxBytes. Throws CompactedError. */
  entriesFrom(i: number, maxBytes: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxBytes);
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    if (index > this.lastIndex()) {
      throw new Error(`raft: commit ${index} is beyond the last index ${this.lastIndex()}`);
    }
    this.committed = index;
  }

  appliedTo(index: number): void {
    if (index > this.applied) this.applied = index;
  }

  hasNextCommittedEntries(): boolean {
    return this.committed > Math.max(this.applied, this.firstIndex() - 1);
  }

  /** Committed entries not yet applied, bounded by maxBytes (at least one). */
  nextCommittedEntries(maxBytes: number): Entry[] {
    const lo = Math.max(this.applied + 1, this.firstIndex());
    if (lo > this.committed) return [];
    return this.slice(lo, this.committed + 1, maxBytes);
  }

  /** Whether entriesToPersist() would return any (without copying them). */
  hasEntriesToPersist(): boolean {
    return this.offset + this.unstable.length > this.inProgress;
  }

  /** Unstable entries not yet handed to the driver. */
  entriesToPersist(): Entry[] {
    return this.unstable.slice(Math.max(0, this.inProgress - this.offset));
  }

  /** A snapshot to install that was not yet handed to the driver. */
  snapshotToPersist(): Snapshot | undefined {
    return this.snapshotInProgress ? undefined : this.unstableSnapshot;
  }

  /** The driver took entries up to `lastIndex` (and the pending snapshot, if given) to write. */
  acceptInProgress(lastIndex: number, snapshot: boolean): void {
    this.inProgress = Math.max(this.inProgress, lastIndex + 1);
    if (snapshot) this.snapshotInProgress = true;
  }

  /** The driver made entries up to (index, term) durable. */
  stableTo(index: number, term: number): void {
    if (index < this.offset || this.term(index) !== term) return; // superseded meanwhile
    this.unstable = this.unstable.slice(index + 1 - this.offset);
    this.offset = index + 1;
    this.inProgress = Math.max(this.inProgress, this.offset);
  }

  stableSnapshotTo(index: number): void {
    if (this.unstableSnapshot?.meta.index === index) {
      this.unstableSnapshot = undefined;
      this.snapshotInProgress = false;
    }
  }

  /** The latest snapshot: one being installed, else the stored one. */
  snapshot(): Snapshot {
    return this.unstableSnapshot ?? this.storage.snapshot();
  }

  /** Replaces the whole log by a snapshot received from the leader (Raft §7). */
  restore(snap: Snapshot): void {
    this.committed = snap.meta.index;
    this.unstableSnapshot = snap;
    this.snapshotInProgress = false;
    this.unstable = [];
    this.offset = snap.meta.index + 1;
    this.inProgress = this.offset;
  }
}
