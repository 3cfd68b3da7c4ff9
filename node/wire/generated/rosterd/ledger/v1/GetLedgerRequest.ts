// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetLedgerRequest {
  /**
   * First sequence number to return (1 is the first entry); 0 means 1.
   */
  'fromSeq'?: (number | string | Long);
  /**
   * At most this many entries (0: 1000; at most 10000).
   */
  'limit'?: (number);
  /**
   * Only this block's entries ('' for all).
   */
  'block'?: (string);
  /**
   * Serve from this node's applied state without a quorum check.
   */
  'stale'?: (boolean);
}

export interface GetLedgerRequest__Output {
  /**
   * First sequence number to return (1 is the first entry); 0 means 1.
   */
  'fromSeq': (number);
  /**
   * At most this many entries (0: 1000; at most 10000).
   */
  'limit': (number);
  /**
   * Only this block's entries ('' for all).
   */
  'block': (string);
  /**
   * Serve from this node's applied state without a quorum check.
   */
  'stale': (boolean);
}
