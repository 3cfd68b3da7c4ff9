import type { NodeId } from '../raft/types.ts';

/**
 * What becomes of proposal data on its way into the log: node/ledger's CommandSealer
 * signs it. The replica hands over everything proposed in one turn of its loop at once
 * (one signature can serve the batch), and asks before appending a proposal a peer
 * forwarded (a peer must not smuggle in a command it did not sign). Without a sealer the
 * data goes into the log as it is (the Raft simulation's plain command lists).
 */
export interface ProposalSealer {
  /** Log entry data for each payload, in the same order. */
  seal(payloads: readonly Uint8Array[]): Uint8Array[];
  /** Why entry data forwarded by peer `from` must not be appended; undefined to append it. */
  admitForwarded(from: NodeId, data: Uint8Array): string | undefined;
}
