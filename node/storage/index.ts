/**
 * node/storage — durable state of one node in LevelDB: the Raft log, hard state,
 * latest snapshot and the state machine's rows with their applied index. Every
 * persist is one synced batch. Refuses foreign, corrupt or busy data directories.
 *
 * Must not: decide anything about Raft or the schedule; it stores what it is given.
 */
export { LevelStorage, ROW_PREFIX } from './level-storage.ts';
export type { PersistBatch, RowWrite, OpenOptions, Recovered } from './level-storage.ts';
export { DataDirError } from './data-dir-error.ts';
