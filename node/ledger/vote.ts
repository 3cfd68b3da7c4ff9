/**
 * A facility's vote in a schedule commitment: its signature over {cluster, facility,
 * block, version, digest, previous ledger hash}. The digest is the block's canonical
 * digest (node/schedule/block-digest.ts) as the facility computed it from its own state;
 * the previous hash chains the vote to one ledger head, so a vote cannot be replayed onto
 * another ledger or another cluster.
 */
import type { Vote__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { CanonicalBytes } from './canonical-bytes.ts';
import { verifySignature, type FacilityIdentity } from './identity.ts';
import { HASH_BYTES } from './merkle.ts';

/** A signed vote, as the wire and the ledger carry it. */
export type SignedVote = Readonly<Vote__Output>;

/** What a vote states, without its signature. */
export type VoteStatement = Omit<SignedVote, 'signature'>;

export const VOTE_DOMAIN = 'rosterd-block-vote/1';

/** The bytes a vote's signature covers. */
export function voteBytes(cluster: string, v: VoteStatement): Uint8Array {
  return CanonicalBytes.of(VOTE_DOMAIN).str(cluster).str(v.facility).str(v.block).uint(v.version).bytes(v.digest).bytes(v.prevHash).done();
}

/** Signs a statement with the facility's key (the statement must name that facility). */
export function signVote(identity: FacilityIdentity, cluster: string, v: VoteStatement): SignedVote {
  if (v.facility !== identity.facility) throw new Error(`signVote: the vote names ${v.facility}, the key is ${identity.facility}'s`);
  return { ...v, signature: Buffer.from(identity.sign(voteBytes(cluster, v))) };
}

/** Why a vote is not well formed or its signature does not verify under `publicKey`; undefined when it is good. */
export function voteProblem(cluster: string, v: SignedVote, publicKey: Uint8Array | undefined): string | undefined {
  if (v.digest.length !== HASH_BYTES || v.prevHash.length !== HASH_BYTES) return `${v.facility}'s vote has a digest or previous hash that is not 32 bytes`;
  if (publicKey === undefined) return `${v.facility} has no registered key`;
  if (!verifySignature(publicKey, voteBytes(cluster, v), v.signature)) return `${v.facility}'s signature does not verify`;
  return undefined;
}

/** The vote a message carries, with its bytes as Buffers (protobufjs may hand over Uint8Arrays). */
export function normalizeVote(v: { facility: string; block: string; version: number; digest: Uint8Array; prevHash: Uint8Array; signature: Uint8Array }): SignedVote {
  return {
    facility: v.facility,
    block: v.block,
    version: v.version,
    digest: Buffer.from(v.digest),
    prevHash: Buffer.from(v.prevHash),
    signature: Buffer.from(v.signature),
  };
}
