import type { PartitionView } from './partition-detector.ts';

/**
 * The class of a client write (DESIGN.md, CP and AP). Every write the schedule knows is
 * a final approval: it goes through Raft and is decided by a quorum.
 */
export type OperationClass = 'final_approval';

/** What the policy decided for one write: where it goes. */
export type Admission = { readonly route: 'raft' };

/**
 * The step between validating a client write and proposing it. It sees the write's
 * class and the node's partition view; the server calls it for every write, so what
 * the cluster allows in a partition is decided here and nowhere else.
 */
export class WritePolicy {
  constructor(private readonly partition: () => PartitionView) {}

  /**
   * Decides the route of a write of class `op`. A final approval always goes to Raft:
   * a node without a quorum learns so from Raft itself (no leader: NotLeader; a leader
   * cut off: a proposal failed when it steps down).
   */
  admit(op: OperationClass): Admission {
    switch (op) {
      case 'final_approval':
        return { route: 'raft' };
    }
  }

  /** The partition view the decision was made on (for status and errors). */
  view(): PartitionView {
    return this.partition();
  }
}
