// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A facility's statement of its ledger head.
 */
export interface SignedHead {
  'facility'?: (string);
  'seq'?: (number | string | Long);
  /**
   * Hash of entry `seq` (the genesis hash when seq is 0), 32 bytes.
   */
  'hash'?: (Buffer | Uint8Array | string);
  'signature'?: (Buffer | Uint8Array | string);
}

/**
 * A facility's statement of its ledger head.
 */
export interface SignedHead__Output {
  'facility': (string);
  'seq': (number);
  /**
   * Hash of entry `seq` (the genesis hash when seq is 0), 32 bytes.
   */
  'hash': (Buffer);
  'signature': (Buffer);
}
