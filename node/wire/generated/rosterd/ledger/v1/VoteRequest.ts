// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Peer to peer: sign this node's digest of a block at a version.
 */
export interface VoteRequest {
  'cluster'?: (string);
  'block'?: (string);
  'version'?: (number | string | Long);
  /**
   * The coordinator's digest and the ledger head it chains to.
   */
  'digest'?: (Buffer | Uint8Array | string);
  'prevHash'?: (Buffer | Uint8Array | string);
  /**
   * Answer from a state that has applied at least this index.
   */
  'atIndex'?: (number | string | Long);
  /**
   * The facility asking.
   */
  'coordinator'?: (string);
}

/**
 * Peer to peer: sign this node's digest of a block at a version.
 */
export interface VoteRequest__Output {
  'cluster': (string);
  'block': (string);
  'version': (number);
  /**
   * The coordinator's digest and the ledger head it chains to.
   */
  'digest': (Buffer);
  'prevHash': (Buffer);
  /**
   * Answer from a state that has applied at least this index.
   */
  'atIndex': (number);
  /**
   * The facility asking.
   */
  'coordinator': (string);
}
