/**
 * A facility's signed statement of its ledger head {cluster, facility, seq, hash}, as in
 * Certificate Transparency's signed tree heads: facilities exchange them, so a node whose
 * ledger differs from another's at the same sequence (a split view) is found, and one
 * facility signing two different hashes for one sequence is evidence.
 */
import type { SignedHead__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { CanonicalBytes } from './canonical-bytes.ts';
import { verifySignature, type FacilityIdentity } from './identity.ts';
import { HASH_BYTES } from './merkle.ts';

export type SignedHead = Readonly<SignedHead__Output>;

export const HEAD_DOMAIN = 'rosterd-ledger-head/1';

export function headBytes(cluster: string, h: Omit<SignedHead, 'signature'>): Uint8Array {
  return CanonicalBytes.of(HEAD_DOMAIN).str(cluster).str(h.facility).uint(h.seq).bytes(h.hash).done();
}

export function signHead(identity: FacilityIdentity, cluster: string, seq: number, hash: Uint8Array): SignedHead {
  const h = { facility: identity.facility, seq, hash: Buffer.from(hash) };
  return { ...h, signature: Buffer.from(identity.sign(headBytes(cluster, h))) };
}

/** Why a head is malformed or its signature does not verify under `publicKey`; undefined when it is good. */
export function headProblem(cluster: string, h: SignedHead, publicKey: Uint8Array | undefined): string | undefined {
  if (h.hash.length !== HASH_BYTES) return `${h.facility}'s head hash is not 32 bytes`;
  if (publicKey === undefined) return `${h.facility} has no registered key`;
  if (!verifySignature(publicKey, headBytes(cluster, h), h.signature)) return `${h.facility}'s head signature does not verify`;
  return undefined;
}

export function normalizeHead(h: { facility: string; seq: number; hash: Uint8Array; signature: Uint8Array }): SignedHead {
  return { facility: h.facility, seq: h.seq, hash: Buffer.from(h.hash), signature: Buffer.from(h.signature) };
}
