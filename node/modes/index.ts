/**
 * node/modes — how a node sees the cluster and what that allows. Owns partition
 * detection (connected / majority / minority, and which facilities are reachable) and
 * the write policy: the one step every client write passes between validation and
 * proposal, which decides whether and how it may go ahead in the current partition state
 * (DESIGN.md, CP and AP).
 *
 * Must not: do I/O, read clocks or talk to Raft; it decides from the inputs it is given
 * (the replica's status and link health), so the simulation runs it as it is.
 */
export { detectPartition, type PartitionState, type PartitionView, type PartitionInputs } from './partition-detector.ts';
export { WritePolicy, EMERGENCY_COMMIT_BOUND_MS, type OperationClass, type Admission } from './write-policy.ts';
export { Reachability, type LinkView } from './reachability.ts';
