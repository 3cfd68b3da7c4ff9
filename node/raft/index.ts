/**
 * node/raft — the Raft consensus core. Owns: elections (pre-vote, check-quorum), log
 * replication (batching, pipelining, fast back-off), commitment, ReadIndex, leadership
 * transfer, chunked snapshots and single-server membership changes, plus the in-memory
 * log storage used by the simulation.
 *
 * Must not: touch fs, net, gRPC, LevelDB or timers, read a clock, or call Math.random.
 * Inputs are method calls, outputs are Ready batches; node/ drives it (see API.md).
 * The core's entry point is RaftCore (core.ts); the protocol behind it (raft.ts,
 * leadership.ts, the trackers and the replication modules) is not exported.
 */
export { RaftCore, applyToConf } from './core.ts';
export { MemoryStorage, CompactedError, EntryUnavailableError } from './storage.ts';
export type { LogStorage, WritableLogStorage } from './storage.ts';
export { SeededRandom } from './rand.ts';
export type { RandomSource } from './rand.ts';
export type { RaftConfig } from './config.ts';
export * from './types.ts';
