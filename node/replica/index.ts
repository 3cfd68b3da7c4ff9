/**
 * node/replica — the driver of one node around the pure Raft core: the loop that feeds
 * it inputs and carries out its Readys (replica.ts), the write pipeline with group
 * commit, the request registry (proposals and read barriers waiting on the log, and
 * backpressure), the leadership view, the outbox to peers, the snapshotter, the applied
 * feed for watchers, and the replicated state (the schedule plus the member address
 * book).
 *
 * Must not: open files or sockets, read the clock or start timers itself, or exit the
 * process. The disk (DurableLog), the network (PeerTransport), time (Clock) and
 * randomness come in through ReplicaOptions, so the simulation runs this code over
 * in-memory twins; a fatal error goes to the onFatal callback.
 */
export { Replica, type ReplicaOptions, type RaftTunables } from './replica.ts';
export type { Committed, ProposalCallbacks, ReadCallbacks } from './request-registry.ts';
export type { AppliedBatch, AppliedEvent } from './applied-feed.ts';
export type { ReplicatedMachine, MachineRestorer, ResultOf } from './replicated-machine.ts';
export type { SnapshotTaken } from './snapshotter.ts';
export { ReplicatedState } from './replicated-state.ts';

import type { Replica } from './replica.ts';
import type { ReplicatedState } from './replicated-state.ts';
/** The daemon's replica: the schedule (and member address book) as its state machine. */
export type ScheduleReplica = Replica<ReplicatedState>;
export { Cancellation, type CancelSignal } from './cancellation.ts';
export { CryptoRandom } from './crypto-random.ts';
