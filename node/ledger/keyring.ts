/**
 * The facilities' public keys, as the replicated state holds them. A key enters once,
 * by the genesis settings (--peer-keys, the same on every node), by a membership change
 * that carries it (rosterctl member add --key), or by the facility registering it with a
 * command signed by that very key; it never changes or leaves afterwards, so every
 * signature ever accepted stays checkable. Pure and deterministic.
 */
import { fingerprint, PUBLIC_KEY_BYTES } from './identity.ts';
import { sameBytes } from './merkle.ts';

export interface KeyRecord {
  readonly facility: string;
  readonly publicKey: Buffer;
  readonly fingerprint: string;
  /** The Raft index that registered it; 0 for a genesis key. */
  readonly registeredAt: number;
}

/** The outcome of registering a key. */
export type Registration =
  | { readonly ok: true; readonly added: boolean }
  | { readonly ok: false; readonly message: string };

export class Keyring {
  private readonly keys = new Map<string, KeyRecord>();

  /** Registers `publicKey` for `facility` at `index`: added, the same key again (no-op), or refused (another key holds the name). */
  register(facility: string, publicKey: Uint8Array, index: number): Registration {
    if (publicKey.length !== PUBLIC_KEY_BYTES) return { ok: false, message: `a public key must be ${PUBLIC_KEY_BYTES} bytes (got ${publicKey.length})` };
    const held = this.keys.get(facility);
    if (held) {
      if (sameBytes(held.publicKey, publicKey)) return { ok: true, added: false };
      return { ok: false, message: `facility ${facility} already has key ${held.fingerprint} (registered at index ${held.registeredAt}); a key never changes` };
    }
    this.keys.set(facility, { facility, publicKey: Buffer.from(publicKey), fingerprint: fingerprint(publicKey), registeredAt: index });
    return { ok: true, added: true };
  }

  get(facility: string): KeyRecord | undefined {
    return this.keys.get(facility);
  }

  /** The raw key of a facility, if registered. */
  keyOf(facility: string): Buffer | undefined {
    return this.keys.get(facility)?.publicKey;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Every key, by facility. */
  all(): KeyRecord[] {
    return [...this.keys.values()].sort((a, b) => (a.facility < b.facility ? -1 : a.facility > b.facility ? 1 : 0));
  }
}
