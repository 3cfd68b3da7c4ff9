/**
 * node/storage — durable state of one node in a data directory: in LevelDB the Raft log
 * (in records, one per write), hard state and the record of the latest snapshot; the
 * snapshot's image in a file of its own under snap/ (SnapshotFiles), which the record
 * names with its length and SHA-256, so writing tens of megabytes never holds up the
 * log's batches. The state machine is that snapshot plus the log after it. In memory:
 * the hard state, the snapshot, every retained entry's term and only the recent tail
 * of entries (TailCachedLog); older entries are read back from their records. Every
 * persist is one batch, synced when Raft's promises rest on it; an image is written
 * (fsynced, renamed into place) before the batch naming it, and the image it replaces
 * is deleted only after. Also the node's emergency journal (JournalStore), kept until
 * its writes are in the log; and the votes this node signed (VoteStore), so it never
 * signs two digests for one block version. DurableLog is what the driver needs of it;
 * MemoryDurableLog, MemoryJournalStore and MemoryVoteStore are its in-memory twins
 * (simulation, in-process tests).
 *
 * Opening refuses foreign, corrupt or busy data directories (a named image missing or
 * not the bytes named included), deletes image files nothing names (a crash between
 * writing an image and naming it, or between naming a newer one and deleting the
 * older), and migrates format 2 (the image inside LevelDB, key r/snap/data) to format 3:
 * the image to its file, then one synced batch naming it, dropping r/snap/data and
 * marking the directory version 3 (logged when OpenOptions.log is given). Format 1 is
 * refused.
 *
 * Must not: decide anything about Raft or the schedule; it stores what it is given.
 * Must not touch files in snap/ that are not named like its images.
 */
export { LevelStorage, TAIL_ENTRIES } from './level-storage.ts';
export type { OpenOptions } from './level-storage.ts';
export type { DurableLog, ImageRef, PersistBatch, PersistOutcome, Completion } from './durable-log.ts';
export { SnapshotFiles } from './snapshot-files.ts';
export { MemoryDurableLog, type DiskObserver, type MemoryDurableLogOptions } from './memory-durable-log.ts';
export type { JournalStore } from './journal-store.ts';
export { MemoryJournalStore } from './memory-journal-store.ts';
export type { VoteStore } from './vote-store.ts';
export { MemoryVoteStore } from './memory-vote-store.ts';
export { DataDirError } from './data-dir-error.ts';
