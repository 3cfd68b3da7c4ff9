// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One facility's signature on a block's digest at one version, chained to a ledger head.
 */
export interface Vote {
  'facility'?: (string);
  'block'?: (string);
  'version'?: (number | string | Long);
  /**
   * SHA-256 of the block's canonical schedule (32 bytes).
   */
  'digest'?: (Buffer | Uint8Array | string);
  /**
   * The ledger head the vote chains to (32 bytes).
   */
  'prevHash'?: (Buffer | Uint8Array | string);
  'signature'?: (Buffer | Uint8Array | string);
}

/**
 * One facility's signature on a block's digest at one version, chained to a ledger head.
 */
export interface Vote__Output {
  'facility': (string);
  'block': (string);
  'version': (number);
  /**
   * SHA-256 of the block's canonical schedule (32 bytes).
   */
  'digest': (Buffer);
  /**
   * The ledger head the vote chains to (32 bytes).
   */
  'prevHash': (Buffer);
  'signature': (Buffer);
}
