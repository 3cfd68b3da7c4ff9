// Original file: proto/ledger.proto


/**
 * A facility's public key enters the keyring, signed by that key (proof of possession).
 * The first registration of a facility wins; the same key again is a no-op.
 */
export interface RegisterKey {
  'facility'?: (string);
  /**
   * Raw Ed25519 public key (32 bytes).
   */
  'publicKey'?: (Buffer | Uint8Array | string);
}

/**
 * A facility's public key enters the keyring, signed by that key (proof of possession).
 * The first registration of a facility wins; the same key again is a no-op.
 */
export interface RegisterKey__Output {
  'facility': (string);
  /**
   * Raw Ed25519 public key (32 bytes).
   */
  'publicKey': (Buffer);
}
