/**
 * node/storage — durable state of one node in LevelDB: the Raft log (in records, one
 * per write), hard state and latest snapshot; the state machine is that snapshot plus
 * the log after it. Every persist is one batch, synced when Raft's promises rest on
 * it; the node's emergency journal (JournalStore), kept until its writes are in the
 * log; and the votes this node signed (VoteStore), so it never signs two digests for
 * one block version. Refuses foreign, corrupt or busy data directories. DurableLog is
 * what the driver needs of it; MemoryDurableLog, MemoryJournalStore and MemoryVoteStore
 * are its in-memory twins (simulation, in-process tests).
 *
 * Must not: decide anything about Raft or the schedule; it stores what it is given.
 */
export { LevelStorage } from './level-storage.ts';
export type { OpenOptions } from './level-storage.ts';
export type { DurableLog, PersistBatch, PersistOutcome, Completion } from './durable-log.ts';
export { MemoryDurableLog, type DiskObserver, type MemoryDurableLogOptions } from './memory-durable-log.ts';
export type { JournalStore } from './journal-store.ts';
export { MemoryJournalStore } from './memory-journal-store.ts';
export type { VoteStore } from './vote-store.ts';
export { MemoryVoteStore } from './memory-vote-store.ts';
export { DataDirError } from './data-dir-error.ts';
