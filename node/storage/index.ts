/**
 * node/storage — durable state of one node in LevelDB: the Raft log (in records, one
 * per write), hard state and latest snapshot; the state machine is that snapshot plus
 * the log after it. Every persist is one batch, synced when Raft's promises rest on
 * it. Refuses foreign, corrupt or busy data directories.
 *
 * Must not: decide anything about Raft or the schedule; it stores what it is given.
 */
export { LevelStorage } from './level-storage.ts';
export type { PersistBatch, OpenOptions } from './level-storage.ts';
export { DataDirError } from './data-dir-error.ts';
