import type { Entry, NodeId, Snapshot } from '../raft/types.ts';

/**
 * The replicated state machine as the driver sees it: ReplicatedState (the schedule and
 * the member address book) in the daemon, a command list in the simulation. `R` is the
 * result a client gets for its command.
 *
 * Contract: deterministic. The same entries applied in the same order from the same
 * snapshot give the same results and the same snapshot bytes on every node.
 */
export interface ReplicatedMachine<R = unknown> {
  /** Applies one committed entry (commands, no-ops and membership changes alike); the client's result for commands. */
  apply(e: Entry): R | undefined;
  /** The address of a member added at run time (carried by its membership change), if known. */
  memberAddress(id: NodeId): string | undefined;
  /**
   * The snapshot image of the state as it is at this call, encoded a slice per next()
   * (the generator returns the bytes), so the driver can let other work run between
   * slices while the machine goes on applying.
   */
  snapshotSlices(): Generator<void, Uint8Array, void>;
}

/** Builds a machine from a snapshot (meta.index 0 and empty data: the empty state); throws on a corrupt image. */
export type MachineRestorer<S> = (snapshot: Snapshot) => S;

/** The client result type of a machine. */
export type ResultOf<S> = S extends ReplicatedMachine<infer R> ? R : never;
