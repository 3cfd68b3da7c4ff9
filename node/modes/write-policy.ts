import { PartitionError } from '../errors.ts';
import type { PartitionView } from './partition-detector.ts';

/**
 * The class of a client request (docs/ARCHITECTURE.md, CP and AP):
 * - `final_approval`: a write decided by a quorum through Raft (every write but emergency coverage);
 * - `emergency_coverage`: an emergency assignment or its withdrawal, accepted by any live node;
 * - `read`: a linearizable read (a stale read needs no policy).
 */
export type OperationClass = 'final_approval' | 'emergency_coverage' | 'read';

/** Where a request goes. */
export type Admission =
  /** Through Raft as usual (a follower redirects writes to the leader). */
  | { readonly route: 'raft' }
  /** Through Raft, but if the commit does not come within `boundMs`, into the local journal. */
  | { readonly route: 'raft-then-journal'; readonly boundMs: number }
  /** Straight into the local emergency journal: no quorum is reachable. */
  | { readonly route: 'journal' }
  /** Refused at once, naming the partition. */
  | { readonly route: 'refuse'; readonly error: PartitionError };

/** How long an emergency write waits for its commit before it is journaled instead. */
export const EMERGENCY_COMMIT_BOUND_MS = 1000;

/**
 * The step between validating a client request and carrying it out: given its class and
 * the node's partition view, where it goes. A node in a minority refuses what needs a
 * quorum at once (CP) and journals emergency coverage (AP); anywhere else both go
 * through Raft, emergency coverage with a bound after which it is journaled.
 */
export class WritePolicy {
  constructor(
    private readonly partition: () => PartitionView,
    private readonly emergencyBoundMs = EMERGENCY_COMMIT_BOUND_MS,
  ) {}

  /** Decides the route of a request of class `op`; `action` ("create assignment") names it in a refusal. */
  admit(op: OperationClass, action: string): Admission {
    const view = this.partition();
    const minority = view.state === 'minority';
    switch (op) {
      case 'final_approval':
      case 'read':
        return minority ? { route: 'refuse', error: new PartitionError(action, view.state, view.reachable, view.unreachable) } : { route: 'raft' };
      case 'emergency_coverage':
        return minority ? { route: 'journal' } : { route: 'raft-then-journal', boundMs: this.emergencyBoundMs };
    }
  }

  /** The partition view the decisions are made on (for status and errors). */
  view(): PartitionView {
    return this.partition();
  }
}
