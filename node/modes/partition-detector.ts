import type { NodeId } from '../raft/types.ts';

/** How a node sees the cluster (DESIGN.md, CP and AP). */
export type PartitionState = 'connected' | 'majority' | 'minority';

/** The partition state and the voters behind it, self included in `reachable`. */
export interface PartitionView {
  readonly state: PartitionState;
  readonly reachable: readonly NodeId[];
  readonly unreachable: readonly NodeId[];
}

export interface PartitionInputs {
  readonly self: NodeId;
  readonly voters: readonly NodeId[];
  /** The leader this node follows (or is); '' when none is known. */
  readonly leader: NodeId;
  /** Peers this node currently reaches. */
  readonly reachablePeers: ReadonlySet<NodeId>;
}

/**
 * `minority` when fewer than a quorum of voters are reachable (self included): nothing
 * this side decides can commit. `connected` when every voter is reachable and a leader
 * is known. `majority` otherwise: a quorum is reachable but some voter is not, or an
 * election is under way. Pure: the same inputs give the same view.
 */
export function detectPartition(i: PartitionInputs): PartitionView {
  const reachable: NodeId[] = [];
  const unreachable: NodeId[] = [];
  for (const v of [...i.voters].sort()) (v === i.self || i.reachablePeers.has(v) ? reachable : unreachable).push(v);
  const quorum = Math.floor(i.voters.length / 2) + 1;
  const state: PartitionState = reachable.length < quorum ? 'minority' : unreachable.length === 0 && i.leader !== '' ? 'connected' : 'majority';
  return { state, reachable, unreachable };
}
