/**
 * Signs this facility's votes and never two digests for one block version: the digest is
 * recorded durably (VoteStore) before the signature leaves the node, and a later request
 * for the same block version with another digest is refused, even across restarts
 * (CometBFT's signer keeps its last signed height for the same reason). Signing the same
 * digest again, chained to another ledger head, is allowed: it is the same statement
 * about the block.
 */
import type { VoteStore } from '../storage/vote-store.ts';
import type { FacilityIdentity } from './identity.ts';
import { sameBytes } from './merkle.ts';
import { signVote, type SignedVote, type VoteStatement } from './vote.ts';

export type SignOutcome = { readonly ok: true; readonly vote: SignedVote } | { readonly ok: false; readonly reason: string };

export class VoteSigner {
  /** Digests being recorded now, by block version: a concurrent request sees them. */
  private readonly pending = new Map<string, Uint8Array>();

  constructor(
    private readonly identity: FacilityIdentity,
    private readonly cluster: string,
    private readonly store: VoteStore,
  ) {}

  get facility(): string {
    return this.identity.facility;
  }

  sign(s: Omit<VoteStatement, 'facility'>): Promise<SignOutcome> {
    const key = `${s.block}\n${s.version}`;
    const signed = this.pending.get(key) ?? this.store.signedDigest(s.block, s.version);
    const vote = (): SignOutcome => ({ ok: true, vote: signVote(this.identity, this.cluster, { facility: this.identity.facility, ...s }) });
    if (signed) {
      if (sameBytes(signed, s.digest)) return Promise.resolve(vote());
      return Promise.resolve({
        ok: false,
        reason: `${this.identity.facility} signed digest ${Buffer.from(signed).toString('hex').slice(0, 12)}… for block ${s.block} version ${s.version} already, and never signs another for it`,
      });
    }
    this.pending.set(key, s.digest);
    return new Promise((resolve) =>
      this.store.recordVote(s.block, s.version, s.digest, (r) => {
        this.pending.delete(key);
        resolve(r.ok ? vote() : { ok: false, reason: `cannot record the vote durably: ${r.error.message}` });
      }),
    );
  }
}
