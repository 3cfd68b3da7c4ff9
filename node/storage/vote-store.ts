import type { Completion } from './durable-log.ts';

/**
 * The votes this node signed in schedule commitments: for each block version, the digest
 * it signed (node/ledger/vote-signer.ts never signs another). Node-local, never
 * replicated: like CometBFT's privval state, it is what keeps an honest node from being
 * tricked or restarted into signing two digests for one block version. LevelStorage
 * keeps it in its database; MemoryVoteStore is the in-memory twin.
 *
 * Contract: `recordVote` completes only once the record is durable (fsynced); the
 * signature is released after that.
 */
export interface VoteStore {
  /** The digest signed for this block version, if any. */
  signedDigest(block: string, version: number): Uint8Array | undefined;
  recordVote(block: string, version: number, digest: Uint8Array, done: Completion<void>): void;
}
