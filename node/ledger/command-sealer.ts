/**
 * The node's side of signed commands, as the replica's ProposalSealer: signs what this
 * node proposes (a batch per loop turn, signed-entry.ts), and vets what a peer forwards
 * before the leader appends it: the entry must be signed by that very peer's facility
 * with the key the cluster holds for it. A peer that forwards an unsigned command, one
 * signed as another facility (re-signed or relayed), or one whose signature does not
 * verify is refused before the log (the replica counts and logs it); whatever slips past
 * is refused again, on every node, when applied.
 */
import type { NodeId } from '../raft/types.ts';
import type { ProposalSealer } from '../replica/proposal-sealer.ts';
import { decodePayload, PayloadDecodeError } from './codec.ts';
import type { FacilityIdentity } from './identity.ts';
import type { Keyring } from './keyring.ts';
import { openEntry, sealBatch, type SignatureChecker } from './signed-entry.ts';

export interface CommandSealerOptions {
  readonly cluster: string;
  readonly facility: string;
  /** Signs this node's proposals; absent: unsigned envelopes (a cluster run without keys, for benchmarks). */
  readonly identity?: FacilityIdentity;
  readonly checker: SignatureChecker;
  /** The replicated keyring as applied now. */
  readonly keyring: () => Keyring;
}

export class CommandSealer implements ProposalSealer {
  constructor(private readonly o: CommandSealerOptions) {}

  seal(payloads: readonly Uint8Array[]): Uint8Array[] {
    return sealBatch(this.o.cluster, this.o.identity ?? { facility: this.o.facility }, payloads, this.o.checker);
  }

  admitForwarded(from: NodeId, data: Uint8Array): string | undefined {
    const keyring = this.o.keyring();
    const entry = openEntry(data);
    if (entry.kind === 'malformed') return `an undecodable entry: ${entry.problem}`;
    if (entry.kind === 'bare') return keyring.size > 0 ? 'an unsigned command (without an envelope)' : undefined;
    if (entry.facility !== from) return `an entry signed as facility ${entry.facility}, forwarded by ${from}`;
    if (entry.signature.length === 0) return keyring.size > 0 ? `an unsigned command from ${from}` : undefined;
    let key = keyring.keyOf(from);
    if (key === undefined) {
      try {
        const payload = decodePayload(entry.payload);
        if (payload.kind === 'registerKey' && payload.facility === from) key = Buffer.from(payload.publicKey);
      } catch (e) {
        if (!(e instanceof PayloadDecodeError)) throw e;
        return `an undecodable payload: ${e.message}`;
      }
    }
    if (key === undefined) return `facility ${from} has no registered key`;
    return this.o.checker.problem(entry, key);
  }
}
