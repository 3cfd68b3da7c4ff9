// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Lock scopes: a block (facility empty) or one facility's part of a block.
 */
export interface AcquireLock {
  'block'?: (string);
  'facility'?: (string);
  /**
   * Who holds the lock (a coordinator id); shown to others who are refused.
   */
  'holder'?: (string);
  /**
   * Lease length, counted on the log clock (the leaders' timestamps).
   */
  'ttlMs'?: (number | string | Long);
}

/**
 * Lock scopes: a block (facility empty) or one facility's part of a block.
 */
export interface AcquireLock__Output {
  'block': (string);
  'facility': (string);
  /**
   * Who holds the lock (a coordinator id); shown to others who are refused.
   */
  'holder': (string);
  /**
   * Lease length, counted on the log clock (the leaders' timestamps).
   */
  'ttlMs': (number);
}
